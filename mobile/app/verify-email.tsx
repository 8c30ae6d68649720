import { VerifyEmailScreen } from "../src/features/account/VerifyEmailScreen";

export default VerifyEmailScreen;
