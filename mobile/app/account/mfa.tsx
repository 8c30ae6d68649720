import { MfaScreen } from "../../src/features/account/MfaScreen";

export default MfaScreen;
