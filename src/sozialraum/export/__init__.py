"""File exports of tables for the people who open them: German Excel first (CSV and XLSX as bytes)."""
