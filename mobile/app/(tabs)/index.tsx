import { HomeScreen } from "../../src/features/catalog/HomeScreen";

export default HomeScreen;
