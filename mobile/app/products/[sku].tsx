import { ProductScreen } from "../../src/features/catalog/ProductScreen";

export default ProductScreen;
