package jet

import (
	"slices"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	for _, c := range []struct{ name, token string }{
		{"Billing", "Billing"},
		{"", "~"},
		{"Cancel Account", "Cancel~20Account"},
		{"a.b", "a~2Eb"},
		{"*", "~2A"},
		{">", "~3E"},
		{"~", "~7E"},
		{"Zürich", "Z~C3~BCrich"},
		{"tab\there", "tab~09here"},
		{"x-y_z", "x-y_z"},
	} {
		if got := Token(c.name); got != c.token {
			t.Errorf("Token(%q) = %q, want %q", c.name, got, c.token)
		}
		if back, err := Untoken(c.token); err != nil || back != c.name {
			t.Errorf("Untoken(%q) = %q, %v; want %q", c.token, back, err, c.name)
		}
	}
	for _, bad := range []string{"a.b", "~2", "~zz", "~2e", "a b", ""} {
		if _, err := Untoken(bad); err == nil {
			t.Errorf("Untoken(%q) took a token npsboard never writes", bad)
		}
	}
}

// validToken is what NATS takes as one token of a subject: not empty, and none of the bytes
// that separate tokens, make wildcards or end a protocol line.
func validToken(tok string) bool {
	return tok != "" && !strings.ContainsAny(tok, ". \t\r\n*>\x00")
}

func FuzzToken(f *testing.F) {
	for _, s := range []string{"", "Billing", "a.b", "*", ">", "~", "~7E", "Zürich", "\x00", "a\r\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		tok := Token(name)
		if !validToken(tok) {
			t.Fatalf("Token(%q) = %q, not one subject token", name, tok)
		}
		back, err := Untoken(tok)
		if err != nil || back != name {
			t.Fatalf("Untoken(Token(%q)) = %q, %v", name, back, err)
		}
		if len(tok) > 3*len(name)+1 {
			t.Fatalf("Token(%q) is %d bytes", name, len(tok))
		}
	})
}

func TestFilters(t *testing.T) {
	for _, c := range []struct {
		sites, queues []string
		want          []string
	}{
		{nil, nil, []string{"p.>"}},
		{[]string{"Leeds"}, nil, []string{"p.Leeds.*"}},
		{nil, []string{"Billing", "Sales"}, []string{"p.*.Billing", "p.*.Sales"}},
		{[]string{"Leeds", "Porto"}, []string{"Billing"}, []string{"p.Leeds.Billing", "p.Porto.Billing"}},
		{[]string{"Leeds", "Leeds"}, []string{"a b"}, []string{"p.Leeds.a~20b"}},
	} {
		got, err := Filters("p", c.sites, c.queues)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("Filters(%q, %q) = %q, %v; want %q", c.sites, c.queues, got, err, c.want)
		}
	}
	many := make([]string, MaxFilters+1)
	for i := range many {
		many[i] = strings.Repeat("q", i+1)
	}
	if _, err := Filters("p", nil, many[:MaxFilters]); err != nil {
		t.Errorf("%d queues refused: %v", MaxFilters, err)
	}
	if _, err := Filters("p", nil, many); err == nil {
		t.Errorf("%d queues taken, past the limit of %d", len(many), MaxFilters)
	}
	if _, err := Filters("p", many[:2], many[:MaxFilters/2+1]); err == nil {
		t.Errorf("2 sites × %d queues taken, past the limit of %d", MaxFilters/2+1, MaxFilters)
	}
}

func TestPrefixes(t *testing.T) {
	for _, good := range []string{"npsboard.responses", "acme", "a-b.c_d"} {
		if err := ValidPrefix(good); err != nil {
			t.Errorf("ValidPrefix(%q): %v", good, err)
		}
	}
	for _, bad := range []string{"", ".", "a..b", "a.*", "a.>", "a b", "a.", "~"} {
		if ValidPrefix(bad) == nil {
			t.Errorf("ValidPrefix(%q) took it", bad)
		}
	}
}

func TestURLsCarryNoSecret(t *testing.T) {
	for _, good := range []string{"nats://localhost:4222", "tls://a:4222,tls://b:4222", "nats://10.0.0.1:4222"} {
		if err := CheckURLs(good); err != nil {
			t.Errorf("CheckURLs(%q): %v", good, err)
		}
	}
	for _, bad := range []string{"", "localhost:4222", "http://a:4222", "nats://ann:hunter2@a:4222", "nats://s3cr3t@a:4222", "nats://a:4222,nats://bob:sw0rdfish@b:4222"} {
		err := CheckURLs(bad)
		if err == nil {
			t.Errorf("CheckURLs(%q) took it", bad)
		} else if strings.ContainsAny(err.Error(), "@") || strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), "sw0rdfish") {
			t.Errorf("CheckURLs(%q) says the secret: %v", bad, err)
		}
	}
}
