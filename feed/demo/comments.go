package demo

import (
	"math/rand/v2"
	"strings"
)

// Per kind of queue (in the order of the kinds), what its unhappy customers complain about.
var complaints = [][]string{
	{"I was charged twice this month", "The bill is higher than the price I was quoted", "Nobody could explain the late fee",
		"My refund still has not arrived", "Direct debit taken on the wrong date again"},
	{"The internet still drops every evening", "Third call about the same fault", "The technician never showed up",
		"Was told to restart the router, again", "Nobody could tell me when it will be fixed"},
	{"The offer on the website was not honoured", "Pushy, I just wanted a price", "Sold me a plan I did not need",
		"Promised a call back that never came"},
	{"Made it very hard to cancel", "Kept me on the line with offers I said no to", "Still charged after I cancelled",
		"Had to explain three times that I am moving abroad"},
	{"My order arrived damaged", "Delivery is a week late and nobody knows where it is", "Wrong item, and the return is a hassle",
		"Tracking number does not work"},
	{"Transferred four times before anyone could help", "The agent did not understand my question", "Could not find my account at all"},
}

var commonComplaints = []string{"Waited 40 minutes on hold", "Got cut off and had to start over", "The agent was rude",
	"Had to repeat my account number to everyone", "Nobody owns the problem"}

var consequences = []string{"", "", "", "Thinking about cancelling.", "I want a refund.", "Very disappointed.",
	"I will file a complaint.", "Considering going to the ombudsman.", "Not what I expect after 10 years as a customer."}

var incidentComplaints = []string{"Your app has been down all morning", "Could not log in to my account at all",
	"The outage is still not fixed and nobody warned us", "The payment page keeps failing", "Your systems are down, again"}

var passiveComments = []string{"Fine, but it took a while", "Solved in the end, though I had to call twice",
	"Polite, but I had to wait", "OK. The hold music is awful", "Got there eventually", "Correct answer, not a quick one"}

var promoterComments = []string{"%s was brilliant, sorted it in minutes", "Quick and friendly, thank you",
	"Really helpful, explained everything clearly", "%s went above and beyond", "Best service I have had in years",
	"Problem solved on the first call", "Très bien, merci !", "Muy amable, gracias", "Great 👍", "Friendly and fast 😊"}

// comment writes what a customer might say with a score, or nothing (many leave no comment).
func comment(rng *rand.Rand, k kind, score int, incident bool, agentName string) string {
	switch {
	case score <= 6:
		if rng.Float64() > 0.65 {
			return ""
		}
		var text string
		switch {
		case incident && rng.Float64() < 0.7:
			text = incidentComplaints[rng.IntN(len(incidentComplaints))]
		case rng.Float64() < 0.7:
			text = complaints[k][rng.IntN(len(complaints[k]))]
		default:
			text = commonComplaints[rng.IntN(len(commonComplaints))]
		}
		if c := consequences[rng.IntN(len(consequences))]; c != "" {
			text += ". " + c
		}
		return text
	case score <= 8:
		if rng.Float64() > 0.35 {
			return ""
		}
		return passiveComments[rng.IntN(len(passiveComments))]
	}
	if rng.Float64() > 0.4 {
		return ""
	}
	text := promoterComments[rng.IntN(len(promoterComments))]
	first, _, _ := strings.Cut(agentName, " ")
	return strings.Replace(text, "%s", first, 1)
}
