import { useId } from "react";
import { TEST_CARDS, formatCardNumber, formatExpiry, type CardErrors, type CardValues } from "./card";

interface Props {
  values: CardValues;
  errors: CardErrors;
  onChange: (values: CardValues) => void;
  disabled?: boolean;
}

/** The sandbox card form: number, expiry, CVC, and the test cards to try. The number
 * goes to the shop only to be turned into a token; it is never stored. */
export function CardForm({ values, errors, onChange, disabled }: Props) {
  const id = useId();
  const field = (
    name: keyof CardValues,
    label: string,
    props: React.InputHTMLAttributes<HTMLInputElement>,
    format: (value: string, previous: string) => string,
  ) => {
    const error = errors[name];
    const errorId = `${id}-${name}-error`;
    return (
      <div className={`field field--${name}`}>
        <label htmlFor={`${id}-${name}`}>{label}</label>
        <input
          id={`${id}-${name}`}
          name={`card-${name}`}
          value={values[name]}
          disabled={disabled}
          onChange={(e) => onChange({ ...values, [name]: format(e.target.value, values[name]) })}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          {...props}
        />
        {error ? (
          <p id={errorId} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <fieldset className="card-form">
      <legend>Payment card</legend>
      <div className="notice notice--sandbox">
        <p>
          <strong>Sandbox: no real money moves.</strong> Use any future expiry date and any 3-digit CVC with one of
          these test cards:
        </p>
        <ul className="test-cards">
          {TEST_CARDS.map((card) => (
            <li key={card.number}>
              <button
                type="button"
                className="link-button test-cards__use"
                disabled={disabled}
                onClick={() => onChange({ ...values, number: card.number })}
                aria-label={`Use test card ${card.number}: ${card.label}`}
              >
                <code>{card.number}</code>
              </button>{" "}
              <span className="muted">{card.label}</span>
            </li>
          ))}
        </ul>
      </div>
      {field(
        "number",
        "Card number",
        { inputMode: "numeric", autoComplete: "cc-number", placeholder: "1234 1234 1234 1234", maxLength: 23 },
        (v) => formatCardNumber(v),
      )}
      <div className="field-row">
        {field(
          "expiry",
          "Expiry (MM / YY)",
          { inputMode: "numeric", autoComplete: "cc-exp", placeholder: "MM / YY", maxLength: 7 },
          formatExpiry,
        )}
        {field(
          "cvc",
          "CVC",
          { inputMode: "numeric", autoComplete: "cc-csc", placeholder: "123", maxLength: 4 },
          (v) => v.replace(/\D+/g, "").slice(0, 4),
        )}
      </div>
    </fieldset>
  );
}
