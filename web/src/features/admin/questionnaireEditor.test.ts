import { describe, expect, it } from "vitest";
import {
  contentOf,
  draftOf,
  editorReducer,
  errorPath,
  initialState,
  isDirty,
  newOptionId,
  placeErrors,
  type Content,
} from "./questionnaireEditor";

const content: Content = {
  title: "Your coffee",
  description: "",
  questions: [
    {
      id: "roast",
      type: "single_choice",
      prompt: "Which roast?",
      required: true,
      options: [
        { id: "light", label: "Light", signals: [{ facet: "roast", value: "light", weight: 1 }] },
        { id: "dark", label: "Dark" },
      ],
      show_if: null,
    },
    { id: "notes", type: "free_text", prompt: "Anything else?", required: false, options: [], text_facet: "flavor" },
  ],
};

describe("questionnaire editor state", () => {
  it("edits texts, flags and labels without touching what it does not show", () => {
    let state = initialState(content);
    expect(isDirty(state)).toBe(false);
    state = editorReducer(state, { type: "title", value: "Coffee, yours" });
    state = editorReducer(state, { type: "prompt", question: 0, value: "Which roast do you like?" });
    state = editorReducer(state, { type: "required", question: 0, value: false });
    state = editorReducer(state, { type: "optionLabel", question: 0, option: 0, value: "Pale" });
    state = editorReducer(state, { type: "help", question: 1, value: "Brands, origins…" });
    expect(isDirty(state)).toBe(true);
    const [roast, notes] = state.draft.questions;
    expect(state.draft.title).toBe("Coffee, yours");
    expect(roast.prompt).toBe("Which roast do you like?");
    expect(roast.required).toBe(false);
    expect(roast.options[0]).toEqual({ id: "light", label: "Pale", signals: [{ facet: "roast", value: "light", weight: 1 }] });
    expect(roast.show_if).toBeNull();
    expect(notes.help).toBe("Brands, origins…");
    expect(notes.text_facet).toBe("flavor");
    // The saved content is left alone.
    expect(content.questions[0].prompt).toBe("Which roast?");
    expect(state.saved).toBe(content);
    state = editorReducer(state, { type: "help", question: 1, value: "" });
    expect(state.draft.questions[1].help).toBeNull();
  });

  it("is clean again after a load, and ignores edits out of range", () => {
    let state = editorReducer(initialState(content), { type: "title", value: "X" });
    state = editorReducer(state, { type: "load", content: state.draft });
    expect(isDirty(state)).toBe(false);
    const same = editorReducer(state, { type: "prompt", question: 9, value: "?" });
    expect(same).toBe(state);
  });

  it("adds options with unique ids and keeps at least two on choice questions", () => {
    let state = initialState(content);
    state = editorReducer(state, { type: "addOption", question: 0, label: "Medium roast" });
    state = editorReducer(state, { type: "addOption", question: 0 });
    expect(state.draft.questions[0].options.map((o) => o.id)).toEqual(["light", "dark", "medium_roast", "option_4"]);
    state = editorReducer(state, { type: "removeOption", question: 0, option: 0 });
    state = editorReducer(state, { type: "removeOption", question: 0, option: 0 });
    state = editorReducer(state, { type: "removeOption", question: 0, option: 0 });
    expect(state.draft.questions[0].options.map((o) => o.id)).toEqual(["medium_roast", "option_4"]);
    // Free text has no options to add.
    expect(editorReducer(state, { type: "addOption", question: 1 }).draft.questions[1].options).toEqual([]);
  });

  it("makes option ids the service accepts", () => {
    expect(newOptionId([{ id: "a", label: "A" }], "Crème brûlée!")).toBe("creme_brulee");
    expect(newOptionId([{ id: "light", label: "" }], "Light")).toBe("option_2");
    expect(newOptionId([], "42 ways")).toBe("ways");
    expect(newOptionId([], "")).toBe("option_1");
  });

  it("places the service's 422 errors next to the fields they are about", () => {
    const placed = placeErrors(
      {
        title: "Unprocessable",
        status: 422,
        errors: [
          { loc: ["body", "title"], msg: "String should have at least 1 character" },
          { loc: ["body", "questions", 0, "options", 1, "label"], msg: "String should have at least 1 character" },
          { loc: ["body", "questions", 1], msg: "Value error, notes: only choice questions have options" },
          { loc: ["body", "questions", 0, "scale", "min"], msg: "too small" },
          { loc: ["body"], msg: "Value error, question id 'roast' is used twice" },
        ],
      },
      content,
    );
    expect(placed.byPath).toEqual({
      title: ["String should have at least 1 character"],
      "questions.0.options.1.label": ["String should have at least 1 character"],
      "questions.1": ["notes: only choice questions have options"],
      "questions.0": ["too small"],
    });
    expect(placed.other).toEqual(["question id 'roast' is used twice"]);
    expect(placeErrors(null, content)).toEqual({ byPath: {}, other: [] });
  });

  it("reads loc paths, content and the newest draft", () => {
    expect(errorPath(["body", "questions", 2, "prompt"])).toBe("questions.2.prompt");
    expect(errorPath(undefined)).toBe("");
    const version = { ...content, key: "coffee", version: 3, status: "draft" } as Content & Record<string, unknown>;
    expect(contentOf(version)).toEqual(content);
    expect(draftOf([{ status: "published", version: 1 }, { status: "draft", version: 2 }])?.version).toBe(2);
    expect(draftOf([{ status: "published", version: 1 }])).toBeUndefined();
  });
});
