import { useSafeAreaInsets } from "react-native-safe-area-context";
import { Text, View } from "react-native";
import { Link } from "expo-router";
import type { Home } from "../../api/client";
import { problemFrom } from "../../api/problem";
import { useServices } from "../../api/services";
import { useAuth } from "../../auth/AuthProvider";
import { LinkButton, TextLink } from "../../components/Button";
import { Shelf } from "../../components/ProductCard";
import { Screen, Section } from "../../components/Screen";
import { EmptyState, Loading, Notice, ProblemView } from "../../components/States";
import { Body, Heading } from "../../components/Text";
import { CATEGORIES, categoryInfo } from "../../lib/categories";
import { useRecordInteraction } from "../../lib/interactions";
import { shelfColour, useTheme } from "../../theme/theme";

/** The brand bar on top of the tab screens. */
export function TopBar({ title = "BookBrew" }: { title?: string }) {
  const t = useTheme();
  const insets = useSafeAreaInsets();
  return (
    <View style={{ paddingTop: insets.top + 10, paddingBottom: 10, paddingHorizontal: 16, flexDirection: "row", alignItems: "center", gap: 10, backgroundColor: t.paper, borderBottomWidth: 1, borderBottomColor: t.line }}>
      <View aria-hidden style={{ width: 32, height: 32, borderRadius: 8, backgroundColor: t.accent, alignItems: "center", justifyContent: "center" }}>
        <Text style={{ color: t.accentInk, fontFamily: t.serif, fontWeight: "800", fontSize: 19 }}>B</Text>
      </View>
      <Text style={{ color: t.ink, fontFamily: t.serif, fontWeight: "700", fontSize: 22 }}>{title}</Text>
    </View>
  );
}

function CategoryTiles() {
  const t = useTheme();
  return (
    <View accessibilityLabel="Shop by category" style={{ flexDirection: "row", flexWrap: "wrap", gap: 10, marginTop: 14 }}>
      {CATEGORIES.map((c) => (
        <Link key={c.key} href={{ pathname: "/categories/[category]", params: { category: c.key } }} accessibilityLabel={`${c.label}: ${c.strap}`} style={{ width: "48%", flexGrow: 1, minHeight: 76, padding: 12, borderRadius: t.radius, backgroundColor: shelfColour(t, c.key) }}>
          <View>
            <Text style={{ color: "#fff", fontFamily: t.serif, fontWeight: "700", fontSize: 18 }}>{c.label}</Text>
            <Text style={{ color: "#f4ece4", fontSize: 13, marginTop: 2 }}>{c.strap}</Text>
          </View>
        </Link>
      ))}
    </View>
  );
}

type Picks = NonNullable<Home["picks"]>;

function PicksShelf({ picks }: { picks: Picks }) {
  const record = useRecordInteraction();
  return (
    <Section>
      <View style={{ flexDirection: "row", alignItems: "baseline", justifyContent: "space-between" }}>
        <Heading level={2}>Picked for you</Heading>
        <TextLink label="Tune your taste →" href="/taste/general" accessibilityLabel="Tune your taste" />
      </View>
      <Shelf
        label="Picked for you"
        products={picks.items}
        onSelect={(sku) =>
          record({ sku, kind: "click", source: "picks", recommendation_id: picks.recommendation_id ?? null, model_version: picks.model_version ?? null })
        }
      />
    </Section>
  );
}

/** Picks (signed in) with their reasons, a clear word when curation is away, and the
 * best sellers of every shelf; pull down to read it again. */
export function HomeScreen() {
  const { $api } = useServices();
  const auth = useAuth();
  const home = $api.useQuery("get", "/api/home", {});
  const data = home.data;
  const picks = data?.picks ?? null;
  const signedIn = auth.status === "signed-in";

  return (
    <View style={{ flex: 1 }}>
      <TopBar />
      <Screen onRefresh={() => void home.refetch()} refreshing={home.isRefetching} label="Home">
        {signedIn ? (
          <>
            <Heading level={1}>{auth.me ? `Welcome back, ${auth.me.display_name}.` : "Welcome back."}</Heading>
            <Body muted>Fresh picks for your taste, and the shop’s best sellers on every shelf.</Body>
          </>
        ) : (
          <>
            <Heading level={1}>Good taste, curated for yours.</Heading>
            <Body muted>Tell us what you love to read, wear and sip. We’ll fill these shelves with things chosen for you, and tell you why.</Body>
            <View style={{ flexDirection: "row", gap: 10, marginTop: 12, flexWrap: "wrap" }}>
              <LinkButton label="Take the taste quiz" href="/taste/general" />
              <LinkButton label="Join" href="/sign-up" kind="secondary" accessibilityLabel="Join BookBrew" />
            </View>
          </>
        )}
        <CategoryTiles />

        {signedIn && data && picks?.available && picks.items.length ? <PicksShelf picks={picks} /> : null}
        {signedIn && data && picks?.available && !picks.items.length ? (
          <Notice action={<LinkButton label="Take the taste quiz" href="/taste/general" style={{ alignSelf: "flex-start" }} />}>
            <Body>
              <Text style={{ fontWeight: "700" }}>Your picks will appear here.</Text> Answer a few questions and we’ll curate these shelves for you.
            </Body>
          </Notice>
        ) : null}
        {signedIn && data && (!picks || !picks.available) ? (
          <Notice tone="warning">
            <Body>
              <Text style={{ fontWeight: "700" }}>Your picks are taking a moment.</Text> Our curator didn’t answer in time, so here are the best sellers; pull down to try again.
            </Body>
          </Notice>
        ) : null}

        {home.isPending ? <Loading label="Loading the shelves…" /> : null}
        {home.isError && !data ? <ProblemView problem={problemFrom(home.error)} onRetry={() => void home.refetch()} /> : null}
        {data && !data.shelves.length ? <EmptyState title="The shelves are empty">Nothing is for sale just now. Pull down to look again.</EmptyState> : null}
        {data?.shelves.map((shelf) => {
          const info = categoryInfo(shelf.category);
          return (
            <Section key={shelf.category}>
              <View style={{ flexDirection: "row", alignItems: "baseline", justifyContent: "space-between" }}>
                <Heading level={2}>{info?.shelf ?? shelf.category}</Heading>
                <TextLink label="All →" href={{ pathname: "/categories/[category]", params: { category: shelf.category } }} accessibilityLabel={`All ${info?.label.toLowerCase() ?? shelf.category}`} />
              </View>
              <Shelf label={info?.shelf ?? shelf.category} products={shelf.items} />
            </Section>
          );
        })}
      </Screen>
    </View>
  );
}
