import { SignUpScreen } from "../src/features/account/SignUpScreen";

export default SignUpScreen;
