import { OrdersScreen } from "../../src/features/checkout/OrdersScreen";

export default OrdersScreen;
