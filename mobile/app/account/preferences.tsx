import { PreferencesScreen } from "../../src/features/account/PreferencesScreen";

export default PreferencesScreen;
