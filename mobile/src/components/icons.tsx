import type { ColorValue } from "react-native";
import Svg, { Circle, Path } from "react-native-svg";

/** The tab bar's line icons (24 × 24, stroked in the tab's colour). */
const PATHS: Record<string, string> = {
  home: "M3 10.5 12 3l9 7.5M5.5 9v11h13V9",
  browse: "M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z",
  search: "M20 20l-4.5-4.5",
  cart: "M3 4h2.5l2.2 11h10.6L20.5 7H7",
  account: "M4.5 20c1.2-3.6 4-5.5 7.5-5.5s6.3 1.9 7.5 5.5",
};

export function TabIcon({ name, colour, size = 24 }: { name: keyof typeof PATHS | string; colour: ColorValue; size?: number }) {
  return (
    <Svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke={colour} strokeWidth={1.9} strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <Path d={PATHS[name] ?? ""} />
      {name === "search" ? <Circle cx={10.5} cy={10.5} r={6} /> : null}
      {name === "cart" ? (
        <>
          <Circle cx={9.5} cy={19.5} r={1.4} />
          <Circle cx={17} cy={19.5} r={1.4} />
        </>
      ) : null}
      {name === "account" ? <Circle cx={12} cy={8.5} r={3.8} /> : null}
    </Svg>
  );
}
