package model

import (
	"strconv"
	"strings"
	"time"
)

// Facts are what raised an alert, or cleared it, as figures and names. The words a screen, the
// wallboard or an export shows are made from them in one place (Why, Because, ClearedWhy).
type Facts struct {
	// A detractor's alert is high for its score (0–3), a keyword its comment holds, or a VIP
	// customer: the one that decided is set.
	Keyword string
	VIP     bool
	// A streak: Count detractors in a row, within Span.
	Count int
	Span  time.Duration
	// A queue rule's figures over Window: NPS ± HalfWidth from N responses, against Target;
	// for a spike, the share of detractors (%) over Window against Before over Baseline before
	// it. None says the window held no responses (a condition that ends as a queue falls silent).
	Window    time.Duration
	NPS       float64
	HalfWidth float64
	N         int64
	Target    float64
	Share     float64
	Before    float64
	Baseline  time.Duration
	None      bool
	// A worsening's usual NPS (over Baseline); its NPS, N and Share are since the change point,
	// Window before the alert, and Before is the usual share of detractors.
	Usual float64
}

// Ref is f as an alert holds it: nil when it says nothing.
func (f Facts) Ref() *Facts {
	if f == (Facts{}) {
		return nil
	}
	return &f
}

// Figures are the alert's facts, none when it has none.
func (a *Alert) Figures() Facts {
	if a.Facts == nil {
		return Facts{}
	}
	return *a.Facts
}

// Why says in words what raised the alert: "scored 2 in Billing, with Ana; a VIP customer".
// An alert read from an older journal, which kept words and no facts, says its words.
func (a *Alert) Why() string {
	f := a.Figures()
	if a.Reason != "" && f == (Facts{}) && !IsCase(a.Rule) && a.Rule != RuleStreak {
		return a.Reason
	}
	switch a.Rule {
	case RuleDetractor, RuleVIP, RuleKeyword, RulePromoter:
		if a.Response == nil {
			return a.Because()
		}
		why := "scored " + strconv.Itoa(int(a.Response.Score)) + " in " + a.Queue
		if a.Agent != "" {
			why += ", with " + a.Agent
		}
		if b := a.Because(); b != "" {
			why += "; " + b
		}
		return why
	case RuleStreak:
		return a.Agent + " in " + a.Queue + ": " + a.Because()
	case RuleBelowTarget:
		return npsWords(a.Queue, &f) + ", below target " + signedInt(f.Target)
	case RuleSpike:
		return spikeWords(a.Queue, &f)
	case RuleWorsening:
		return worseWords(a.Queue, &f)
	}
	return a.Reason
}

// Because is what made the alert what it is, beyond its rule, queue and agent: "a VIP
// customer", "the comment says refund", "3 detractors in a row within 12m"; "" when its rule
// says it all.
func (a *Alert) Because() string {
	f := a.Figures()
	switch {
	case a.Reason != "" && f == (Facts{}):
		return a.Reason // an older journal's words
	case f.VIP:
		return "a VIP customer"
	case f.Keyword != "":
		return "the comment says " + f.Keyword
	case a.Rule == RuleStreak:
		return strconv.Itoa(f.Count) + " detractors in a row within " + shortDur(f.Span)
	case a.Rule == RulePromoter:
		return "a promoter: thank them, invite a referral"
	}
	return ""
}

// clearedWhy says how a queue stood when its condition ended.
func clearedWhy(rule, queue string, f *Facts) string {
	switch {
	case rule == RuleBelowTarget && f.None:
		return "no responses in the last " + Last(f.Window).String()
	case rule == RuleBelowTarget:
		return npsWords(queue, f)
	case rule == RuleSpike && f.N > 0:
		return spikeWords(queue, f)
	case rule == RuleWorsening && f.N > 0:
		return "back to usual: " + worseWords(queue, f)
	}
	return "back to normal"
}

// npsWords are a queue's NPS over a window: "Billing NPS -12 ±9 in the last 1h".
func npsWords(queue string, f *Facts) string {
	return queue + " NPS " + signedInt(f.NPS) + " ±" + wholeInt(f.HalfWidth) + " in the last " + Last(f.Window).String()
}

// spikeWords are a queue's share of detractors recently and before.
func spikeWords(queue string, f *Facts) string {
	return queue + " detractors " + wholeInt(f.Share) + "% in the last " + Last(f.Window).String() +
		" against " + wholeInt(f.Before) + "% in the " + Last(f.Baseline).String() + " before"
}

func shortDur(d time.Duration) string {
	if d < time.Hour {
		return strconv.Itoa(int(d.Round(time.Minute)/time.Minute)) + "m"
	}
	return strings.TrimSuffix(d.Round(time.Minute).String(), "0s")
}
