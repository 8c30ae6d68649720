import { screen } from "@testing-library/react-native";
import { json, network, renderApp } from "../../test/harness";
import { HomeScreen } from "./HomeScreen";

const card = (sku: string, name: string, category = "coffee") => ({
  sku,
  name,
  category,
  price: 899,
  currency: "EUR",
  price_display: "€8.99",
  image: `/mobile/media/${sku}.svg`,
  in_stock: true,
});
const shelves = [{ category: "coffee", items: [card("CF-001", "Ethiopia Yirgacheffe")] }];
const me = { id: "c1", display_name: "Ada", email: "ada@example.com", email_verified: true, mfa_enabled: false };

describe("HomeScreen", () => {
  it("shows a guest the best sellers, shelf by shelf, and the way to picks", async () => {
    const { fetch, requests } = network({ "GET /api/home": { shelves } });
    await renderApp({ index: HomeScreen }, { fetch });
    expect(await screen.findByText("Ethiopia Yirgacheffe")).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Good taste, curated for yours." })).toBeTruthy();
    expect(screen.getByText("Best-selling coffee")).toBeTruthy();
    expect(screen.getByLabelText("Take the taste quiz")).toBeTruthy();
    expect(requests.find((r) => r.url.endsWith("/api/home"))?.headers.get("Authorization")).toBeNull();
  });

  it("shows a shopper their picks with the reason for each", async () => {
    const picks = {
      available: true,
      recommendation_id: "rec-1",
      strategy: "model",
      items: [{ ...card("CF-009", "Sumatra Dark"), reason: "Because you like dark roasts", novel: false }],
    };
    const { fetch, requests } = network({ "GET /api/home": { shelves, picks }, "GET /api/me": me, "GET /api/cart": { lines: [], total: null, count: 0 } });
    await renderApp({ index: HomeScreen }, { fetch, signedIn: true });
    expect(await screen.findByText("Because you like dark roasts")).toBeTruthy();
    expect(screen.getByText("Picked for you")).toBeTruthy();
    expect(await screen.findByText("Welcome back, Ada.")).toBeTruthy();
    expect(requests.find((r) => r.url.endsWith("/api/home"))?.headers.get("Authorization")).toBe("Bearer access-1");
  });

  it("says so when curation is away, and still shows the best sellers", async () => {
    const { fetch } = network({ "GET /api/home": { shelves, picks: { available: false, items: [] } }, "GET /api/me": me });
    await renderApp({ index: HomeScreen }, { fetch, signedIn: true });
    expect(await screen.findByText(/Our curator didn’t answer in time/)).toBeTruthy();
    expect(screen.getByText("Ethiopia Yirgacheffe")).toBeTruthy();
  });

  it("shows the problem with a retry when the shop cannot answer", async () => {
    const { fetch } = network({ "GET /api/home": () => json({ title: "The shop is busy", status: 503, detail: "Try again in a moment." }, 503) });
    await renderApp({ index: HomeScreen }, { fetch });
    expect(await screen.findByText("The shop is busy")).toBeTruthy();
    expect(screen.getByLabelText("Try again")).toBeTruthy();
  });
});
