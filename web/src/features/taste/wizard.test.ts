import { describe, expect, it } from "vitest";
import {
  isAnswered,
  moveRanked,
  nextQuestionId,
  previousQuestionId,
  progress,
  pruneHidden,
  resumeAt,
  stepChanges,
  toggleSelection,
  validateAnswer,
  visibleQuestions,
  type Question,
} from "./wizard";

// Shaped like the service's general questionnaire: follow-ups per chosen category.
const questions: Question[] = [
  {
    id: "categories",
    type: "multiple_choice",
    prompt: "What would you like us to curate?",
    options: [
      { id: "book", label: "Books" },
      { id: "coffee", label: "Coffee" },
    ],
  },
  {
    id: "book_genres",
    type: "multiple_choice",
    prompt: "Which kinds of book?",
    max_selections: 2,
    options: [
      { id: "fantasy", label: "Fantasy" },
      { id: "crime", label: "Crime" },
      { id: "classics", label: "Classics" },
    ],
    show_if: { question_id: "categories", includes: "book" },
  },
  {
    id: "coffee_roast",
    type: "single_choice",
    prompt: "Your roast?",
    options: [
      { id: "light", label: "Light" },
      { id: "dark", label: "Dark" },
    ],
    show_if: { question_id: "categories", includes: "coffee" },
  },
  {
    id: "dark_how",
    type: "scale",
    prompt: "How dark?",
    scale: { min: 1, max: 5 },
    show_if: { question_id: "coffee_roast", equals: "dark" },
  },
  { id: "notes", type: "free_text", prompt: "Anything else?", required: false, max_length: 10 },
];

describe("visible questions", () => {
  it("shows only unconditional questions before any answer", () => {
    expect(visibleQuestions(questions, {})).toEqual(["categories", "notes"]);
  });

  it("shows follow-ups whose condition holds (includes, equals)", () => {
    expect(visibleQuestions(questions, { categories: ["coffee"] })).toEqual(["categories", "coffee_roast", "notes"]);
    expect(visibleQuestions(questions, { categories: ["coffee", "book"], coffee_roast: "dark" })).toEqual([
      "categories",
      "book_genres",
      "coffee_roast",
      "dark_how",
      "notes",
    ]);
  });

  it("hides a follow-up of a hidden question, even when its own condition holds", () => {
    // coffee_roast is hidden (no coffee), so dark_how is too, though coffee_roast = dark.
    expect(visibleQuestions(questions, { categories: ["book"], coffee_roast: "dark" })).toEqual([
      "categories",
      "book_genres",
      "notes",
    ]);
  });

  it("drops answers that a change has hidden", () => {
    expect(pruneHidden(questions, { categories: ["book"], coffee_roast: "dark", dark_how: 4 })).toEqual({
      categories: ["book"],
    });
  });
});

describe("navigation and progress", () => {
  const answers = { categories: ["coffee"], coffee_roast: "light" };

  it("steps through visible questions only", () => {
    expect(nextQuestionId(questions, answers, "categories")).toBe("coffee_roast");
    expect(nextQuestionId(questions, answers, "coffee_roast")).toBe("notes");
    expect(nextQuestionId(questions, answers, "notes")).toBeNull();
    expect(previousQuestionId(questions, answers, "notes")).toBe("coffee_roast");
    expect(previousQuestionId(questions, answers, "categories")).toBeNull();
  });

  it("counts progress over the visible questions", () => {
    expect(progress(questions, answers, "coffee_roast")).toEqual({ step: 2, total: 3, answered: 2, percent: 67 });
    // Answering "dark" adds a follow-up: the total grows.
    expect(progress(questions, { ...answers, coffee_roast: "dark" }, "coffee_roast").total).toBe(4);
  });

  it("resumes at the first unanswered visible question", () => {
    expect(resumeAt(questions, {})).toBe("categories");
    expect(resumeAt(questions, { categories: ["book"] })).toBe("book_genres");
    expect(resumeAt(questions, { categories: ["book"], book_genres: ["crime"], notes: "x" })).toBe("notes");
  });
});

describe("validation messages", () => {
  const [categories, genres, roast, darkHow, notes] = questions;

  it("asks for an answer to required questions", () => {
    expect(validateAnswer(categories, undefined)).toBe("Please choose at least one option.");
    expect(validateAnswer(categories, [])).toBe("Please choose at least one option.");
    expect(validateAnswer(roast, undefined)).toBe("Please choose one option.");
    expect(validateAnswer(darkHow, undefined)).toBe("Please pick a point on the scale.");
  });

  it("accepts no answer to an optional question", () => {
    expect(validateAnswer(notes, undefined)).toBeNull();
    expect(validateAnswer(notes, "   ")).toBeNull();
  });

  it("enforces selection limits, scale range and text length", () => {
    expect(validateAnswer(genres, ["fantasy", "crime", "classics"])).toBe("Please choose at most 2.");
    expect(validateAnswer(genres, ["fantasy", "crime"])).toBeNull();
    expect(validateAnswer(darkHow, 9)).toBe("Please pick between 1 and 5.");
    expect(validateAnswer(notes, "far too long for this")).toBe("Please keep it under 10 characters.");
  });

  it("sends null for a cleared answer and trims text", () => {
    expect(stepChanges(notes, undefined)).toEqual({ notes: null });
    expect(stepChanges(notes, "  tea ")).toEqual({ notes: "tea" });
    expect(stepChanges(categories, ["book"])).toEqual({ categories: ["book"] });
  });

  it("knows what counts as answered", () => {
    expect(isAnswered(0)).toBe(true);
    expect(isAnswered("")).toBe(false);
    expect(isAnswered([])).toBe(false);
  });
});

describe("selections", () => {
  it("toggles options in and out", () => {
    expect(toggleSelection(questions[1], undefined, "crime")).toEqual(["crime"]);
    expect(toggleSelection(questions[1], ["crime"], "crime")).toEqual([]);
  });

  it("reorders ranked answers", () => {
    expect(moveRanked(["a", "b", "c"], "c", -1)).toEqual(["a", "c", "b"]);
    expect(moveRanked(["a", "b"], "a", -1)).toEqual(["a", "b"]);
  });
});
