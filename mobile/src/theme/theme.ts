import { useMemo } from "react";
import { Platform, StyleSheet, useColorScheme } from "react-native";

/** BookBrew's look, as the web shop has it: cream paper, dark ink, a rust accent and a
 * colour per shelf; a dark variant of the same. Text pairs meet WCAG AA. */
export interface Theme {
  dark: boolean;
  paper: string;
  paperDeep: string;
  card: string;
  ink: string;
  inkSoft: string;
  line: string;
  lineStrong: string;
  accent: string;
  accentInk: string;
  accentTint: string;
  focus: string;
  success: string;
  successTint: string;
  danger: string;
  dangerTint: string;
  shelf: Record<"book" | "perfume" | "coffee" | "beverage", string>;
  serif: string;
  sans: string | undefined;
  radius: number;
}

const serif = Platform.select({
  web: '"Iowan Old Style", "Palatino Linotype", Georgia, serif',
  ios: "Georgia",
  default: "serif",
}) as string;
const sans = Platform.select({ web: '"Segoe UI", system-ui, -apple-system, sans-serif', default: undefined });

export const light: Theme = {
  dark: false,
  paper: "#f7f1e8",
  paperDeep: "#efe5d6",
  card: "#fffdf9",
  ink: "#2b1d16",
  inkSoft: "#5a4a40",
  line: "#ddd0bf",
  lineStrong: "#b9a792",
  accent: "#8a3b22",
  accentInk: "#ffffff",
  accentTint: "#f3e1d6",
  focus: "#c2410c",
  success: "#2f5d3a",
  successTint: "#e3eee2",
  danger: "#9b1c1c",
  dangerTint: "#fbe9e7",
  shelf: { book: "#34466e", perfume: "#733857", coffee: "#5e3b22", beverage: "#35604a" },
  serif,
  sans,
  radius: 12,
};

export const dark: Theme = {
  ...light,
  dark: true,
  paper: "#1b1410",
  paperDeep: "#241a15",
  card: "#2a1f19",
  ink: "#f4ebe0",
  inkSoft: "#cbbbab",
  line: "#4a3a30",
  lineStrong: "#6d5a4c",
  accent: "#f0a184",
  accentInk: "#2b1d16",
  accentTint: "#4a2a1e",
  focus: "#fb923c",
  success: "#9fd3a8",
  successTint: "#1f3524",
  danger: "#f4a4a4",
  dangerTint: "#4a1d1d",
  shelf: { book: "#4a5f91", perfume: "#95507a", coffee: "#85583a", beverage: "#4b8266" },
};

export function useTheme(): Theme {
  return useColorScheme() === "dark" ? dark : light;
}

/** `const styles = useStyles(makeStyles)`: a StyleSheet from the theme, made once per
 * theme. */
export function useStyles<T extends StyleSheet.NamedStyles<T>>(make: (t: Theme) => T): T {
  const theme = useTheme();
  return useMemo(() => StyleSheet.create(make(theme)), [make, theme]);
}

export function shelfColour(theme: Theme, category: string): string {
  return (theme.shelf as Record<string, string>)[category] ?? theme.accent;
}
