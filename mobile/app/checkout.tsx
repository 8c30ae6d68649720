import { CheckoutScreen } from "../src/features/checkout/CheckoutScreen";

export default CheckoutScreen;
