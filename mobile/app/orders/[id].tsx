import { OrderScreen } from "../../src/features/checkout/OrderScreen";

export default OrderScreen;
