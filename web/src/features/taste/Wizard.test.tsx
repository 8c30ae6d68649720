import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Answers, QuestionnaireForm } from "./wizard";
import { Wizard, type SavedResponse } from "./Wizard";

const form: QuestionnaireForm = {
  key: "general",
  version: 1,
  title: "Welcome to BookBrew",
  questions: [
    {
      id: "categories",
      type: "multiple_choice",
      prompt: "What would you like us to curate for you?",
      options: [
        { id: "book", label: "Books" },
        { id: "coffee", label: "Coffee" },
      ],
    },
    {
      id: "coffee_roast",
      type: "single_choice",
      prompt: "Your coffee roast?",
      options: [
        { id: "light", label: "Light" },
        { id: "dark", label: "Dark" },
      ],
      show_if: { question_id: "categories", includes: "coffee" },
    },
    {
      id: "discovery",
      type: "single_choice",
      prompt: "Favourites or discoveries?",
      required: false,
      options: [
        { id: "favourites", label: "Proven favourites" },
        { id: "discoveries", label: "Surprise me" },
      ],
    },
  ],
};

/** A stand-in for the BFF: merges answers as the questionnaire service does. */
function fakeService() {
  let answers: Answers = {};
  const save = vi.fn(async (changes: Record<string, unknown>): Promise<SavedResponse> => {
    for (const [id, value] of Object.entries(changes)) {
      if (value === null) delete answers[id];
      else answers[id] = value as Answers[string];
    }
    answers = { ...answers };
    return { answers };
  });
  const complete = vi.fn(async (): Promise<SavedResponse> => ({ answers, missing_required: [] }));
  return { save, complete };
}

function renderWizard(initial: Answers = {}, startAt = "categories") {
  const service = fakeService();
  const onCompleted = vi.fn();
  render(<Wizard form={form} initialAnswers={initial} startAt={startAt} save={service.save} complete={service.complete} onCompleted={onCompleted} />);
  return { ...service, onCompleted };
}

describe("Wizard", () => {
  it("shows one question with its progress", () => {
    renderWizard();
    expect(screen.getByRole("heading", { level: 2, name: "What would you like us to curate for you?" })).toBeInTheDocument();
    expect(screen.getByText("Question 1 of 2")).toBeInTheDocument();
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuetext", "0 of 2 answered");
  });

  it("explains what is missing instead of moving on", async () => {
    const { save } = renderWizard();
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Please choose at least one option.");
    expect(screen.getByRole("checkbox", { name: "Books" })).toHaveAttribute("aria-invalid", "true");
    expect(save).not.toHaveBeenCalled();
  });

  it("adds the follow-up a choice calls for, saves each step, and finishes", async () => {
    const { save, complete, onCompleted } = renderWizard();
    await userEvent.click(screen.getByRole("checkbox", { name: "Coffee" }));
    // Choosing coffee reveals the roast question: three steps now.
    expect(screen.getByText("Question 1 of 3")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(save).toHaveBeenLastCalledWith({ categories: ["coffee"] });

    const roast = await screen.findByRole("heading", { name: "Your coffee roast?" });
    expect(roast).toHaveFocus();
    expect(screen.getByText("Question 2 of 3")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("radio", { name: "Dark" }));
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(save).toHaveBeenLastCalledWith({ coffee_roast: "dark" });

    // The last question is optional: it can be skipped, which finishes.
    await screen.findByRole("heading", { name: /Favourites or discoveries\?/ });
    const finish = screen.getByRole("button", { name: "Finish" });
    await userEvent.click(finish);
    expect(save).toHaveBeenLastCalledWith({ discovery: null });
    expect(complete).toHaveBeenCalledOnce();
    expect(onCompleted).toHaveBeenCalledOnce();
  });

  it("resumes at the given step with saved answers, and goes back", async () => {
    renderWizard({ categories: ["coffee", "book"] }, "coffee_roast");
    expect(screen.getByText("Question 2 of 3")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Back" }));
    const group = screen.getByRole("group", { name: /curate for you/ });
    expect(within(group).getByRole("checkbox", { name: "Coffee" })).toBeChecked();
    expect(within(group).getByRole("checkbox", { name: "Books" })).toBeChecked();
  });

  it("drops a follow-up when the answer that called for it changes", async () => {
    renderWizard({ categories: ["coffee"], coffee_roast: "dark" });
    expect(screen.getByText("Question 1 of 3")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("checkbox", { name: "Coffee" }));
    await userEvent.click(screen.getByRole("checkbox", { name: "Books" }));
    expect(screen.getByText("Question 1 of 2")).toBeInTheDocument();
  });

  it("shows the service's problem when a save fails", async () => {
    const onCompleted = vi.fn();
    const save = vi.fn(async () => {
      const { ApiProblem } = await import("../../api/problem");
      throw new ApiProblem({ title: "That response is closed", status: 409, detail: "It was completed on another device." });
    });
    render(<Wizard form={form} initialAnswers={{}} startAt="categories" save={save} complete={vi.fn()} onCompleted={onCompleted} />);
    await userEvent.click(screen.getByRole("checkbox", { name: "Books" }));
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByText("That response is closed")).toBeInTheDocument();
    expect(screen.getByText("It was completed on another device.")).toBeInTheDocument();
  });
});
