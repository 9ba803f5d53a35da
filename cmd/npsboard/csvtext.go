package main

import (
	"strings"
	"unicode/utf8"
)

// csvText is a text cell made safe to open in a spreadsheet, as OWASP advises against CSV
// injection: a cell that begins with = + - @, a tab or a carriage return (or their full-width
// forms) is taken for a formula, which may run a command; led by a single quote it shows as
// text. Numbers the report computes are written as they are: they are not text from outside.
func csvText(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	if strings.ContainsRune("=+-@\t\r＝＋－＠", r) {
		return "'" + s
	}
	return s
}

// csvTexts applies csvText to every cell.
func csvTexts(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = csvText(c)
	}
	return out
}
