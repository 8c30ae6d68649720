import { Image } from "react-native";
import { absoluteUrl } from "../lib/config";

/** A product's picture, decorative (the name is read out beside it). The web build's
 * image element shows the BFF's SVG art as it is. */
export function ProductImage({ uri, width, height }: { uri: string; width: number | `${number}%`; height: number }) {
  return (
    <Image
      source={{ uri: absoluteUrl(uri) }}
      style={{ width, height, borderRadius: 10 }}
      resizeMode="cover"
      accessibilityElementsHidden
      importantForAccessibility="no"
      alt=""
    />
  );
}
