import type { ReactNode } from "react";
import { Text, type StyleProp, type TextStyle } from "react-native";
import { useTheme } from "../theme/theme";

const SIZES = { 1: 30, 2: 22, 3: 17 } as const;

/** A heading that screen readers announce as one, with its level on the web build
 * (`<h1>`…`<h3>` semantics through react-native-web's `aria-level`). */
export function Heading({
  level = 1,
  children,
  style,
  testID,
}: {
  level?: 1 | 2 | 3;
  children: ReactNode;
  style?: StyleProp<TextStyle>;
  testID?: string;
}) {
  const t = useTheme();
  const ariaLevel = { "aria-level": level } as object;
  return (
    <Text
      role="heading"
      {...ariaLevel}
      testID={testID}
      style={[
        {
          fontFamily: t.serif,
          fontWeight: "600",
          fontSize: SIZES[level],
          lineHeight: Math.round(SIZES[level] * 1.2),
          color: t.ink,
          marginBottom: level === 1 ? 8 : 6,
        },
        style,
      ]}
    >
      {children}
    </Text>
  );
}

export function Body({ children, style, muted, numberOfLines }: {
  children: ReactNode;
  style?: StyleProp<TextStyle>;
  muted?: boolean;
  numberOfLines?: number;
}) {
  const t = useTheme();
  return (
    <Text
      numberOfLines={numberOfLines}
      style={[{ fontFamily: t.sans, fontSize: 16, lineHeight: 23, color: muted ? t.inkSoft : t.ink }, style]}
    >
      {children}
    </Text>
  );
}

export function Eyebrow({ children, colour }: { children: ReactNode; colour?: string }) {
  const t = useTheme();
  return (
    <Text
      style={{
        fontFamily: t.sans,
        fontSize: 12,
        fontWeight: "700",
        letterSpacing: 0.8,
        textTransform: "uppercase",
        color: colour ?? t.inkSoft,
      }}
    >
      {children}
    </Text>
  );
}
