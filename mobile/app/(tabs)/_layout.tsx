import { Tabs } from "expo-router";
import { Platform } from "react-native";
import { TabIcon } from "../../src/components/icons";
import { useCart } from "../../src/features/cart/queries";
import { useTheme } from "../../src/theme/theme";

export default function TabsLayout() {
  const t = useTheme();
  const cart = useCart();
  const count = cart.data?.item_count ?? 0;
  return (
    <Tabs
      screenOptions={{
        headerShown: false,
        tabBarActiveTintColor: t.accent,
        tabBarInactiveTintColor: t.inkSoft,
        // The web build has no safe-area inset below: room for icon and label.
        tabBarStyle: { backgroundColor: t.card, borderTopColor: t.line, ...(Platform.OS === "web" ? { height: 64, paddingBottom: 8, paddingTop: 4 } : {}) },
        tabBarLabelStyle: { fontSize: 12, fontWeight: "600" },
        sceneStyle: { backgroundColor: t.paper },
      }}
    >
      <Tabs.Screen name="index" options={{ title: "Home", tabBarIcon: ({ color }) => <TabIcon name="home" colour={color} /> }} />
      <Tabs.Screen name="browse" options={{ title: "Shop", tabBarIcon: ({ color }) => <TabIcon name="browse" colour={color} /> }} />
      <Tabs.Screen name="search" options={{ title: "Search", tabBarIcon: ({ color }) => <TabIcon name="search" colour={color} /> }} />
      <Tabs.Screen
        name="cart"
        options={{
          title: "Cart",
          tabBarAccessibilityLabel: count ? `Cart, ${count} ${count === 1 ? "item" : "items"}` : "Cart",
          tabBarBadge: count || undefined,
          tabBarBadgeStyle: { backgroundColor: t.accent, color: t.accentInk },
          tabBarIcon: ({ color }) => <TabIcon name="cart" colour={color} />,
        }}
      />
      <Tabs.Screen name="account" options={{ title: "Account", tabBarIcon: ({ color }) => <TabIcon name="account" colour={color} /> }} />
    </Tabs>
  );
}
