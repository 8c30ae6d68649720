import { CategoryScreen } from "../../src/features/catalog/CategoryScreen";

export default CategoryScreen;
