import { SearchScreen } from "../../src/features/catalog/SearchScreen";

export default SearchScreen;
