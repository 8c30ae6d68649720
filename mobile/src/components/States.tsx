import { onlineManager } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useSyncExternalStore } from "react";
import { ActivityIndicator, Text, View } from "react-native";
import type { Problem } from "../api/problem";
import { useTheme } from "../theme/theme";
import { Button } from "./Button";
import { Body, Heading } from "./Text";

export function Loading({ label = "Loading…" }: { label?: string }) {
  const t = useTheme();
  return (
    <View accessibilityLabel={label} role="progressbar" aria-busy style={{ padding: 32, alignItems: "center", gap: 10 }}>
      <ActivityIndicator color={t.accent} size="large" />
      <Text style={{ color: t.inkSoft, fontSize: 15 }}>{label}</Text>
    </View>
  );
}

/** A problem as a shopper reads it: what went wrong, what to do, a retry. */
export function ProblemView({ problem, onRetry }: { problem: Problem; onRetry?: () => void }) {
  const t = useTheme();
  return (
    <View role="alert" style={{ padding: 16, borderRadius: t.radius, backgroundColor: t.dangerTint, borderWidth: 1, borderColor: t.danger, marginVertical: 12, gap: 8 }}>
      <Text style={{ color: t.danger, fontWeight: "700", fontSize: 16 }}>{problem.title}</Text>
      {problem.detail ? <Text style={{ color: t.ink, fontSize: 15 }}>{problem.detail}</Text> : null}
      {onRetry ? <Button label="Try again" kind="secondary" onPress={onRetry} style={{ alignSelf: "flex-start" }} /> : null}
    </View>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  const t = useTheme();
  return (
    <View style={{ padding: 24, borderRadius: t.radius, backgroundColor: t.paperDeep, alignItems: "flex-start", gap: 10, marginVertical: 12 }}>
      <Heading level={2}>{title}</Heading>
      {typeof children === "string" ? <Body muted>{children}</Body> : children}
      {action}
    </View>
  );
}

export function Notice({ children, tone = "info", action }: { children: ReactNode; tone?: "info" | "success" | "warning"; action?: ReactNode }) {
  const t = useTheme();
  const colours = {
    info: [t.accentTint, t.accent],
    success: [t.successTint, t.success],
    warning: [t.paperDeep, t.lineStrong],
  }[tone];
  return (
    <View role={tone === "success" ? "status" : undefined} style={{ padding: 14, borderRadius: t.radius, backgroundColor: colours[0], borderLeftWidth: 4, borderLeftColor: colours[1], marginVertical: 10, gap: 8 }}>
      {typeof children === "string" ? <Body>{children}</Body> : children}
      {action}
    </View>
  );
}

export function useOnline(): boolean {
  return useSyncExternalStore(
    (notify) => onlineManager.subscribe(notify),
    () => onlineManager.isOnline(),
    () => true,
  );
}

/** Shown on every screen while there is no network: what is on screen was saved. */
export function OfflineBanner() {
  const online = useOnline();
  const t = useTheme();
  if (online) return null;
  return (
    <View role="status" style={{ backgroundColor: t.ink, paddingVertical: 8, paddingHorizontal: 16 }}>
      <Text style={{ color: t.paper, fontSize: 14, fontWeight: "600" }}>You’re offline — showing what was saved on this device.</Text>
    </View>
  );
}
