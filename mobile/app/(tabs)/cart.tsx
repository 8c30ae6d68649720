import { CartScreen } from "../../src/features/cart/CartScreen";

export default CartScreen;
