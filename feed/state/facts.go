package state

import (
	"fmt"
	"strconv"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
)

// FactsJSON are an alert's facts as npsboard writes them: in the state journal and in `npsboard
// alerts --json`. Durations are Go's ("1h30m"); what is zero is left out.
type FactsJSON struct {
	Keyword   string  `json:"keyword,omitempty"`
	VIP       bool    `json:"vip,omitempty"`
	Count     int     `json:"count,omitempty"`
	Span      string  `json:"span,omitempty"`
	Window    string  `json:"window,omitempty"`
	NPS       float64 `json:"nps,omitempty"`
	HalfWidth float64 `json:"half_width,omitempty"`
	N         int64   `json:"n,omitempty"`
	Target    float64 `json:"target,omitempty"`
	Share     float64 `json:"share,omitempty"`
	Before    float64 `json:"before,omitempty"`
	Baseline  string  `json:"baseline,omitempty"`
	None      bool    `json:"none,omitempty"`
	Usual     float64 `json:"usual,omitempty"`
}

func factsToJSON(f *model.Facts) *FactsJSON {
	if f == nil || *f == (model.Facts{}) {
		return nil
	}
	d := func(x time.Duration) string {
		if x == 0 {
			return ""
		}
		return x.String()
	}
	return &FactsJSON{Keyword: f.Keyword, VIP: f.VIP, Count: f.Count, Span: d(f.Span), Window: d(f.Window), NPS: f.NPS,
		HalfWidth: f.HalfWidth, N: f.N, Target: f.Target, Share: f.Share, Before: f.Before, Baseline: d(f.Baseline), None: f.None,
		Usual: f.Usual}
}

// facts reads facts back; a journal without them (written before facts were kept) gives none.
func (j *FactsJSON) facts() (model.Facts, error) {
	if j == nil {
		return model.Facts{}, nil
	}
	f := model.Facts{Keyword: feed.Clean(j.Keyword, false), VIP: j.VIP, Count: j.Count, NPS: j.NPS, HalfWidth: j.HalfWidth, N: j.N,
		Target: j.Target, Share: j.Share, Before: j.Before, None: j.None, Usual: j.Usual}
	for _, d := range []struct {
		text string
		dst  *time.Duration
	}{{j.Span, &f.Span}, {j.Window, &f.Window}, {j.Baseline, &f.Baseline}} {
		if d.text == "" {
			continue
		}
		v, err := time.ParseDuration(d.text)
		if err != nil {
			return model.Facts{}, fmt.Errorf("facts: a duration %q: %w", d.text, err)
		}
		*d.dst = v
	}
	return f, nil
}

// appendFacts appends facts as a JSON object, by hand as appendRaiseLine is: the same fields as
// FactsJSON, in its order.
func appendFacts(b []byte, f *model.Facts) []byte {
	b = append(b, '{')
	first := true
	key := func(name string) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, `":`...)
	}
	num := func(name string, x float64) {
		if x != 0 {
			key(name)
			b = strconv.AppendFloat(b, x, 'g', -1, 64)
		}
	}
	dur := func(name string, x time.Duration) {
		if x != 0 {
			key(name)
			b = feed.AppendString(b, x.String())
		}
	}
	if f.Keyword != "" {
		key("keyword")
		b = feed.AppendString(b, f.Keyword)
	}
	if f.VIP {
		key("vip")
		b = append(b, "true"...)
	}
	if f.Count != 0 {
		key("count")
		b = strconv.AppendInt(b, int64(f.Count), 10)
	}
	dur("span", f.Span)
	dur("window", f.Window)
	num("nps", f.NPS)
	num("half_width", f.HalfWidth)
	if f.N != 0 {
		key("n")
		b = strconv.AppendInt(b, f.N, 10)
	}
	num("target", f.Target)
	num("share", f.Share)
	num("before", f.Before)
	dur("baseline", f.Baseline)
	if f.None {
		key("none")
		b = append(b, "true"...)
	}
	num("usual", f.Usual)
	return append(b, '}')
}
