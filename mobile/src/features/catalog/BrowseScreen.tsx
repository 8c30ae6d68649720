import { Link } from "expo-router";
import { Text, View } from "react-native";
import { Screen } from "../../components/Screen";
import { Heading } from "../../components/Text";
import { CATEGORIES } from "../../lib/categories";
import { shelfColour, useTheme } from "../../theme/theme";
import { TopBar } from "./HomeScreen";

/** The four shelves, each a large tile leading to its listing. */
export function BrowseScreen() {
  const t = useTheme();
  return (
    <View style={{ flex: 1 }}>
      <TopBar />
      <Screen label="Shop">
        <Heading level={1}>Shop the shelves</Heading>
        <View role="list" accessibilityLabel="Categories" style={{ gap: 12, marginTop: 8 }}>
          {CATEGORIES.map((c) => (
            <Link key={c.key} href={{ pathname: "/categories/[category]", params: { category: c.key } }} accessibilityLabel={`${c.label}: ${c.strap}`} style={{ padding: 18, minHeight: 96, borderRadius: t.radius, backgroundColor: shelfColour(t, c.key) }}>
              <View>
                <Text style={{ color: "#fff", fontFamily: t.serif, fontWeight: "700", fontSize: 24 }}>{c.label}</Text>
                <Text style={{ color: "#f4ece4", fontSize: 15, marginTop: 4 }}>{c.strap}</Text>
              </View>
            </Link>
          ))}
        </View>
      </Screen>
    </View>
  );
}
