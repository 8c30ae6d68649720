from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from bookbrew.platform.settings import ServiceSettings


class QuestionnaireSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BOOKBREW_QUESTIONNAIRE_", extra="ignore")

    service_name: str = "questionnaire"
    # Install the default questionnaires (version 1) for any key that has none.
    install_defaults: bool = True
    max_responses_listed: int = 200
