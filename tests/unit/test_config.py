from sozialraum import config


def test_environment_wins_over_secrets(monkeypatch):
    monkeypatch.setenv(config.ENV_DATABASE_URL, "postgresql+psycopg://env/db")
    secrets = {"SOZIALRAUM_DATABASE_URL": "postgresql+psycopg://secret/db"}
    assert config.resolve_database_url(secrets=secrets) == "postgresql+psycopg://env/db"


def test_secrets_in_either_form(monkeypatch):
    monkeypatch.delenv(config.ENV_DATABASE_URL, raising=False)
    assert config.resolve_database_url(secrets={"SOZIALRAUM_DATABASE_URL": "sqlite:///a.db"}) == "sqlite:///a.db"
    nested = {"connections": {"sozialraum": {"url": "sqlite:///b.db"}}}
    assert config.resolve_database_url(secrets=nested) == "sqlite:///b.db"


def test_default_is_sqlite_in_project_data_dir(monkeypatch):
    monkeypatch.delenv(config.ENV_DATABASE_URL, raising=False)
    url = config.resolve_database_url(secrets={})
    assert url == f"sqlite:///{config.PROJECT_ROOT / 'data' / 'sozialraum.db'}"


def test_explicit_argument_wins(monkeypatch):
    monkeypatch.setenv(config.ENV_DATABASE_URL, "sqlite:///env.db")
    assert config.resolve_database_url("sqlite:///cli.db", secrets={}) == "sqlite:///cli.db"


def test_secrets_file_is_read_without_streamlit(tmp_path, monkeypatch):
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('[connections.sozialraum]\nurl = "sqlite:///s.db"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(config.ENV_DATABASE_URL, raising=False)
    assert config.resolve_database_url() == "sqlite:///s.db"


def test_display_url_hides_password():
    assert "geheim" not in config.display_url("postgresql+psycopg://planer:geheim@db/sozial")
