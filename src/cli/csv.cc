#include "cli/csv.h"

namespace sesame {

std::vector<CsvRow> ParseCsv(const std::string& text) {
  std::vector<CsvRow> rows;
  size_t i = 0;
  int line = 1;
  while (i < text.size()) {
    CsvRow row;
    row.line = line;
    std::string field;
    bool in_quotes = false, quoted = false, end_of_row = false;
    while (i < text.size() && !end_of_row) {
      char c = text[i++];
      if (in_quotes) {
        if (c == '"') {
          if (i < text.size() && text[i] == '"') {
            field.push_back('"');
            ++i;
          } else {
            in_quotes = false;
          }
        } else {
          // A line break inside quotes counts as one outside does: LF,
          // CRLF (counted at its LF) or a bare CR.
          if (c == '\n' ||
              (c == '\r' && (i == text.size() || text[i] != '\n'))) {
            ++line;
          }
          field.push_back(c);
        }
      } else if (c == '"') {
        if (!field.empty() || quoted) {
          row.error = "a quote inside an unquoted field";
        }
        in_quotes = quoted = true;
      } else if (c == ',') {
        row.fields.push_back(std::move(field));
        field.clear();
        quoted = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i < text.size() && text[i] == '\n') ++i;
        ++line;
        end_of_row = true;
      } else {
        if (quoted) row.error = "text after a closing quote";
        field.push_back(c);
      }
    }
    if (in_quotes) row.error = "a quoted field is not closed";
    row.fields.push_back(std::move(field));
    bool blank = row.fields.size() == 1 && row.fields[0].empty() && !quoted;
    if (!blank || !row.error.empty()) rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace sesame
