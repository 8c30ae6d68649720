import { BrowseScreen } from "../../src/features/catalog/BrowseScreen";

export default BrowseScreen;
