/** The questionnaires the shop asks (the questionnaire service holds their questions). */
export interface QuestionnaireInfo {
  key: string;
  title: string;
  blurb: string;
}

export const QUESTIONNAIRES: QuestionnaireInfo[] = [
  { key: "general", title: "Start here", blurb: "Which shelves you care about, and what you like to spend. Two minutes." },
  { key: "book", title: "Your reading", blurb: "Genres, moods and the books you couldn’t put down." },
  { key: "perfume", title: "Your scent", blurb: "Families, notes and how bold you like to go." },
  { key: "coffee", title: "Your coffee", blurb: "Roast, brew method, milk and the flavours you love in a cup." },
  { key: "beverage", title: "Your drinks", blurb: "Teas, beers, wines and ferments: what you pour and when." },
];

export function questionnaireInfo(key: string | undefined): QuestionnaireInfo | undefined {
  return QUESTIONNAIRES.find((q) => q.key === key);
}
