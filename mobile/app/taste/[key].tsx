import { QuestionnaireScreen } from "../../src/features/taste/QuestionnaireScreen";

export default QuestionnaireScreen;
