import { AccountScreen } from "../../src/features/account/AccountScreen";

export default AccountScreen;
