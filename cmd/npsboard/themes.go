package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/npsboard/npsboard/model"
	"github.com/npsboard/npsboard/model/themes"
)

// maxThemesShown is how many themes a table shows; JSON and CSV give them all.
const maxThemesShown = 30

type themeJSON struct {
	Theme      string  `json:"theme"` // as written, the first time
	Key        string  `json:"key"`   // its stems: what is counted
	Detractors int64   `json:"detractors"`
	Promoters  int64   `json:"promoters"`
	DetShare   float64 `json:"detractor_share"`
	ProShare   float64 `json:"promoter_share"`
	Z          float64 `json:"z"`
	G2         float64 `json:"g2"`
}

type themesJSON struct {
	Window     string      `json:"window"`
	Detractors int64       `json:"detractor_comments"`
	Promoters  int64       `json:"promoter_comments"`
	Comments   int64       `json:"comments"`
	Themes     []themeJSON `json:"themes"`
	// Emerging are the terms detractors use more than in the window before (the previous
	// window's detractors in the promoters' place); absent for all time.
	Emerging []themeJSON `json:"emerging,omitempty"`
}

func toThemeJSON(ts []themes.Theme) []themeJSON {
	out := []themeJSON{}
	for _, t := range ts {
		out = append(out, themeJSON{Theme: t.Surface, Key: t.Key, Detractors: t.Detractors, Promoters: t.Promoters,
			DetShare: t.DetShare, ProShare: t.ProShare, Z: t.Z, G2: t.G2})
	}
	return out
}

// writeThemes prints the themes of the comments in sp.
func writeThemes(w io.Writer, index *themes.Index, sp model.Span, win model.Window, asJSON, asCSV bool) error {
	c := index.Count(sp)
	ranked := themes.Rank(c.Terms, c.ByClass[model.Detractor], c.ByClass[model.Promoter], c.All, c.N[model.Detractor],
		c.N[model.Promoter], c.N[0]+c.N[1]+c.N[2])
	out := themesJSON{Window: win.String(), Detractors: c.N[model.Detractor], Promoters: c.N[model.Promoter],
		Comments: c.N[0] + c.N[1] + c.N[2], Themes: toThemeJSON(ranked)}
	if !sp.Unbounded {
		out.Emerging = toThemeJSON(index.Emerging(sp, "", ""))
	}
	switch {
	case asJSON:
		return writeJSON(w, out)
	case asCSV:
		cw := csv.NewWriter(w)
		cw.Write([]string{"theme", "key", "detractors", "promoters", "detractor_share", "promoter_share", "z", "g2"})
		for _, t := range out.Themes {
			f := func(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }
			cw.Write([]string{csvText(t.Theme), csvText(t.Key), fmt.Sprint(t.Detractors), fmt.Sprint(t.Promoters), f(t.DetShare), f(t.ProShare), f(t.Z), f(t.G2)})
		}
		cw.Flush()
		return cw.Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "What detractors talk about, %s: %s detractors' and %s promoters' comments of %s\n\n", win.Describe(),
		thousands(out.Detractors), thousands(out.Promoters), thousands(out.Comments))
	rows := [][]string{{"THEME", "DETRACTORS", "", "PROMOTERS", "", "Z", "G²"}}
	for i, t := range out.Themes {
		if i == maxThemesShown {
			break
		}
		rows = append(rows, clip([]string{t.Theme, thousands(t.Detractors), fmt.Sprintf("%.0f%%", 100*t.DetShare),
			thousands(t.Promoters), fmt.Sprintf("%.0f%%", 100*t.ProShare), fmt.Sprintf("%.1f", t.Z), fmt.Sprintf("%.0f", t.G2)}))
	}
	if len(out.Themes) == 0 {
		b.WriteString("No theme: too few comments, or none that detractors use significantly more than promoters.\n")
	} else {
		writeAligned(&b, rows, 1)
		fmt.Fprintf(&b, "\n%d themes (a theme: at least %d detractors' comments, G² ≥ %.2f); the share is of each class's comments.\n",
			len(out.Themes), themes.MinComments, themes.MinG2)
	}
	if len(out.Emerging) > 0 {
		fmt.Fprintf(&b, "\nEmerging: what detractors say more than in %s\n\n", win.Compared())
		rows := [][]string{{"THEME", "NOW", "", "BEFORE", "", "Z"}}
		for i, t := range out.Emerging {
			if i == 10 {
				break
			}
			rows = append(rows, clip([]string{t.Theme, thousands(t.Detractors), fmt.Sprintf("%.0f%%", 100*t.DetShare),
				thousands(t.Promoters), fmt.Sprintf("%.0f%%", 100*t.ProShare), fmt.Sprintf("%.1f", t.Z)}))
		}
		writeAligned(&b, rows, 1)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

type topicJSON struct {
	Topic      string      `json:"topic"`
	Detractors int64       `json:"detractors"` // comments of each class that mention it
	Passives   int64       `json:"passives"`
	Promoters  int64       `json:"promoters"`
	DetShare   float64     `json:"detractor_share"` // of all detractors' comments
	ProShare   float64     `json:"promoter_share"`
	NPS        *float64    `json:"nps"` // of the responses whose comment mentions it
	CI95       *[2]float64 `json:"ci95"`
}

type topicsJSON struct {
	Window     string      `json:"window"`
	Detractors int64       `json:"detractor_comments"`
	Promoters  int64       `json:"promoter_comments"`
	Comments   int64       `json:"comments"`
	Topics     []topicJSON `json:"topics"`
}

// writeTopics prints, for each configured topic, the comments in sp that mention it.
func writeTopics(w io.Writer, index *themes.Index, sp model.Span, win model.Window, asJSON, asCSV bool) error {
	c := index.Count(sp)
	out := topicsJSON{Window: win.String(), Detractors: c.N[model.Detractor], Promoters: c.N[model.Promoter],
		Comments: c.N[0] + c.N[1] + c.N[2], Topics: []topicJSON{}}
	share := func(n, of int64) float64 {
		if of == 0 {
			return 0
		}
		return float64(n) / float64(of)
	}
	for i, name := range index.Topics.Names {
		n := c.Topics[i]
		t := topicJSON{Topic: name, Detractors: n[model.Detractor], Passives: n[model.Passive], Promoters: n[model.Promoter],
			DetShare: share(n[model.Detractor], c.N[model.Detractor]), ProShare: share(n[model.Promoter], c.N[model.Promoter])}
		st := model.Stat{Promoters: n[model.Promoter], Passives: n[model.Passive], Detractors: n[model.Detractor]}
		if nps, ok := st.NPS(); ok {
			iv, _ := st.CI95()
			t.NPS, t.CI95 = &nps, &[2]float64{iv.Lo, iv.Hi}
		}
		out.Topics = append(out.Topics, t)
	}
	switch {
	case asJSON:
		return writeJSON(w, out)
	case asCSV:
		cw := csv.NewWriter(w)
		cw.Write([]string{"topic", "detractors", "passives", "promoters", "detractor_share", "promoter_share", "nps", "ci95_lo", "ci95_hi"})
		f := func(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }
		for _, t := range out.Topics {
			nps, lo, hi := "", "", ""
			if t.NPS != nil {
				nps, lo, hi = f(*t.NPS), f(t.CI95[0]), f(t.CI95[1])
			}
			cw.Write([]string{csvText(t.Topic), fmt.Sprint(t.Detractors), fmt.Sprint(t.Passives), fmt.Sprint(t.Promoters),
				f(t.DetShare), f(t.ProShare), nps, lo, hi})
		}
		cw.Flush()
		return cw.Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Topics, %s: of %s detractors' and %s promoters' comments (%s in all)\n\n", win.Describe(),
		thousands(out.Detractors), thousands(out.Promoters), thousands(out.Comments))
	rows := [][]string{{"TOPIC", "DETRACTORS", "", "PASSIVES", "PROMOTERS", "", "NPS", "±"}}
	for _, t := range out.Topics {
		nps, pm := "–", ""
		if t.NPS != nil {
			nps, pm = fmt.Sprintf("%+.0f", *t.NPS), fmt.Sprintf("±%.0f", (t.CI95[1]-t.CI95[0])/2)
		}
		rows = append(rows, clip([]string{t.Topic, thousands(t.Detractors), fmt.Sprintf("%.0f%%", 100*t.DetShare), thousands(t.Passives),
			thousands(t.Promoters), fmt.Sprintf("%.0f%%", 100*t.ProShare), nps, pm}))
	}
	if len(out.Topics) == 0 {
		b.WriteString("No topic: the config has no [topics] (see 'npsboard help config').\n")
	} else {
		writeAligned(&b, rows, 1)
		b.WriteString("\nThe shares are of each class's comments; NPS is that of the responses whose comment mentions the topic.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
