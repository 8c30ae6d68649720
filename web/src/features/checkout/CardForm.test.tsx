import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import type { CardErrors, CardValues } from "./card";
import { CardForm } from "./CardForm";

function Harness({ errors = {} }: { errors?: CardErrors }) {
  const [values, setValues] = useState<CardValues>({ number: "", expiry: "", cvc: "" });
  return (
    <form>
      <CardForm values={values} errors={errors} onChange={setValues} />
      <output data-testid="values">{JSON.stringify(values)}</output>
    </form>
  );
}

const values = () => JSON.parse(screen.getByTestId("values").textContent ?? "{}") as CardValues;

describe("CardForm", () => {
  it("formats the number, expiry and CVC as they are typed", async () => {
    render(<Harness />);
    await userEvent.type(screen.getByLabelText("Card number"), "4242424242424242");
    await userEvent.type(screen.getByLabelText("Expiry (MM / YY)"), "1234");
    await userEvent.type(screen.getByLabelText("CVC"), "12a3");
    expect(values()).toEqual({ number: "4242 4242 4242 4242", expiry: "12 / 34", cvc: "123" });
  });

  it("offers the sandbox test cards, with what each does", async () => {
    render(<Harness />);
    expect(screen.getByText(/no real money moves/i)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: /4000 0025 0000 3155: Asks for your two-step sign-in/ }));
    expect(values().number).toBe("4000 0025 0000 3155");
    expect(screen.getByText("Declined (insufficient funds)")).toBeInTheDocument();
  });

  it("ties each error to its field", () => {
    render(<Harness errors={{ number: "This card number isn’t valid; check the digits." }} />);
    const number = screen.getByLabelText("Card number");
    expect(number).toHaveAttribute("aria-invalid", "true");
    expect(number).toHaveAccessibleDescription("This card number isn’t valid; check the digits.");
    expect(screen.getByLabelText("CVC")).not.toHaveAttribute("aria-invalid");
  });
});
