import { Link, type Href } from "expo-router";
import type { ReactNode } from "react";
import { ActivityIndicator, Pressable, StyleSheet, Text, type StyleProp, type ViewStyle } from "react-native";
import { useTheme, type Theme } from "../theme/theme";

type Kind = "primary" | "secondary" | "quiet" | "danger";

function look(t: Theme, kind: Kind, pressed: boolean, disabled: boolean) {
  const filled = kind === "primary";
  return {
    container: {
      minHeight: 48,
      paddingHorizontal: 18,
      paddingVertical: 10,
      borderRadius: 999,
      alignItems: "center" as const,
      justifyContent: "center" as const,
      flexDirection: "row" as const,
      gap: 8,
      backgroundColor: filled ? t.accent : kind === "quiet" ? "transparent" : t.card,
      borderWidth: kind === "quiet" ? 0 : 1.5,
      borderColor: kind === "danger" ? t.danger : filled ? t.accent : t.lineStrong,
      opacity: disabled ? 0.55 : pressed ? 0.85 : 1,
    },
    label: {
      fontFamily: t.sans,
      fontSize: 16,
      fontWeight: "700" as const,
      color: filled ? t.accentInk : kind === "danger" ? t.danger : t.accent,
    },
  };
}

export interface ButtonProps {
  label: string;
  onPress: () => void;
  kind?: Kind;
  busy?: boolean;
  disabled?: boolean;
  /** What a screen reader says, when the visible label alone is not enough. */
  accessibilityLabel?: string;
  hint?: string;
  icon?: ReactNode;
  style?: StyleProp<ViewStyle>;
  testID?: string;
}

export function Button({ label, onPress, kind = "primary", busy, disabled, accessibilityLabel, hint, icon, style, testID }: ButtonProps) {
  const t = useTheme();
  const off = Boolean(disabled || busy);
  return (
    <Pressable
      role="button"
      accessibilityLabel={accessibilityLabel ?? label}
      accessibilityHint={hint}
      accessibilityState={{ disabled: off, busy: Boolean(busy) }}
      aria-disabled={off}
      disabled={off}
      onPress={onPress}
      testID={testID}
      style={({ pressed }) => [look(t, kind, pressed, off).container, style]}
    >
      {busy ? <ActivityIndicator size="small" color={kind === "primary" ? t.accentInk : t.accent} /> : icon}
      <Text style={look(t, kind, false, off).label}>{label}</Text>
    </Pressable>
  );
}

/** A button that navigates (an `<a>` on the web build). */
export function LinkButton({ label, href, kind = "primary", style, accessibilityLabel }: {
  label: string;
  href: Href;
  kind?: Kind;
  style?: StyleProp<ViewStyle>;
  accessibilityLabel?: string;
}) {
  const t = useTheme();
  return (
    // One flat style object, not a function of `pressed` nor an array: Link's asChild
    // hands it to the web build's anchor as it is.
    <Link href={href} asChild>
      <Pressable role="link" accessibilityLabel={accessibilityLabel ?? label} style={StyleSheet.flatten([look(t, kind, false, false).container, style])}>
        <Text style={look(t, kind, false, false).label}>{label}</Text>
      </Pressable>
    </Link>
  );
}

/** An inline text link. */
export function TextLink({ label, href, accessibilityLabel }: { label: string; href: Href; accessibilityLabel?: string }) {
  const t = useTheme();
  return (
    <Link href={href} accessibilityLabel={accessibilityLabel ?? label} style={{ color: t.accent, fontWeight: "700", fontSize: 15, textDecorationLine: "underline", paddingVertical: 6 }}>
      {label}
    </Link>
  );
}
