import type { ReactNode } from "react";
import { RefreshControl, ScrollView, View } from "react-native";
import { useTheme } from "../theme/theme";
import { OfflineBanner } from "./States";

/** A screen's scrolling body: the offline banner on top, pull to refresh when
 * `onRefresh` is given, 16 pt margins, at most 560 pt wide (the web build on a wide
 * window). */
export function Screen({ children, onRefresh, refreshing = false, label }: {
  children: ReactNode;
  onRefresh?: () => void;
  refreshing?: boolean;
  /** What the scroll area is, for screen readers. */
  label?: string;
}) {
  const t = useTheme();
  return (
    <View style={{ flex: 1, backgroundColor: t.paper }}>
      <OfflineBanner />
      <ScrollView
        accessibilityLabel={label}
        keyboardShouldPersistTaps="handled"
        contentContainerStyle={{ padding: 16, paddingBottom: 40, width: "100%", maxWidth: 560, alignSelf: "center" }}
        refreshControl={
          onRefresh ? <RefreshControl refreshing={refreshing} onRefresh={onRefresh} tintColor={t.accent} colors={[t.accent]} /> : undefined
        }
      >
        {children}
      </ScrollView>
    </View>
  );
}

export function Section({ children, gap = 10 }: { children: ReactNode; gap?: number }) {
  return <View style={{ marginTop: 20, gap }}>{children}</View>;
}

export function Panel({ children }: { children: ReactNode }) {
  const t = useTheme();
  return (
    <View style={{ backgroundColor: t.card, borderRadius: t.radius, borderWidth: 1, borderColor: t.line, padding: 16, gap: 4 }}>
      {children}
    </View>
  );
}
