import { Image, View } from "react-native";
import { SvgUri } from "react-native-svg";
import { absoluteUrl } from "../lib/config";

/** A product's picture on a phone: the BFF's art is SVG, which React Native's Image does
 * not draw, so SVGs go through react-native-svg; other images (https) through Image. */
export function ProductImage({ uri, width, height }: { uri: string; width: number | `${number}%`; height: number }) {
  const url = absoluteUrl(uri);
  return (
    <View style={{ width, height, borderRadius: 10, overflow: "hidden" }} accessibilityElementsHidden importantForAccessibility="no-hide-descendants">
      {/\.svg(\?|$)/i.test(url) ? (
        <SvgUri uri={url} width="100%" height="100%" preserveAspectRatio="xMidYMid slice" />
      ) : (
        <Image source={{ uri: url }} style={{ width: "100%", height: "100%" }} resizeMode="cover" />
      )}
    </View>
  );
}
