import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { parseFilters } from "./listing";
import { FacetPanel } from "./FacetPanel";

const facets = {
  categories: [{ value: "coffee", count: 250, selected: true }],
  price: [
    { min: 0, max: 1000, count: 5 },
    { min: 1000, max: 2500, count: 215 },
    { min: 5000, max: 10000, count: 0 },
  ],
  groups: [
    {
      name: "roast",
      options: [
        { value: "medium", count: 105, selected: false },
        { value: "dark", count: 12, selected: true },
      ],
    },
    {
      name: "origin",
      options: Array.from({ length: 9 }, (_, i) => ({ value: `Origin ${i + 1}`, count: 9 - i, selected: false })),
    },
  ],
};

describe("FacetPanel", () => {
  it("shows groups as labelled checkbox lists reflecting the filters", () => {
    render(<FacetPanel facets={facets} filters={parseFilters(new URLSearchParams("facet=roast:dark"))} onChange={() => {}} />);
    expect(screen.getByRole("group", { name: "Roast" })).toBeInTheDocument();
    expect(screen.getByRole("checkbox", { name: /dark/ })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: /medium/ })).not.toBeChecked();
    expect(screen.getByRole("radio", { name: "Any price" })).toBeChecked();
    // An empty price range cannot be chosen.
    expect(screen.getByRole("radio", { name: /€50 – €100/ })).toBeDisabled();
  });

  it("toggles a facet and picks a price range", async () => {
    const onChange = vi.fn();
    const filters = parseFilters(new URLSearchParams("facet=roast:dark"));
    render(<FacetPanel facets={facets} filters={filters} onChange={onChange} />);
    await userEvent.click(screen.getByRole("checkbox", { name: /medium/ }));
    expect(onChange).toHaveBeenLastCalledWith({ ...filters, facets: { roast: ["dark", "medium"] } });
    await userEvent.click(screen.getByRole("checkbox", { name: /dark/ }));
    expect(onChange).toHaveBeenLastCalledWith({ ...filters, facets: {} });
    await userEvent.click(screen.getByRole("radio", { name: /€10 – €25/ }));
    expect(onChange).toHaveBeenLastCalledWith({ ...filters, priceMin: 1000, priceMax: 2500 });
    await userEvent.click(screen.getByRole("checkbox", { name: "In stock only" }));
    expect(onChange).toHaveBeenLastCalledWith({ ...filters, inStock: true });
  });

  it("folds long groups behind a button", async () => {
    render(<FacetPanel facets={facets} filters={parseFilters(new URLSearchParams())} onChange={() => {}} />);
    expect(screen.queryByRole("checkbox", { name: /Origin 9/ })).not.toBeInTheDocument();
    const more = screen.getByRole("button", { name: "Show 3 more" });
    expect(more).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(more);
    expect(screen.getByRole("checkbox", { name: /Origin 9/ })).toBeInTheDocument();
  });
});
