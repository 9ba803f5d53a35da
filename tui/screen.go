package tui

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/npsboard/npsboard/model"
)

// screen is one screen of the dashboard: the overview, a queue, an agent, a response, the
// alerts, the help. The root holds a stack of them (esc pops), draws the header and the footer
// around the top one, and hands it what the root does not take itself. A new screen is a new
// file with a type that does these:
type screen interface {
	// crumb is the screen's part of the breadcrumb in the header.
	crumb() string
	// shape is how its panes are laid out (computeLayout places them).
	shape() shape
	// bindings are its keys, the essentials first: the footer shows as many as fit.
	bindings(c *common) []key.Binding
	// refresh computes what it shows again from the board, for the window and order on screen.
	refresh(c *common)
	// view draws its panes in the layout.
	view(c *common) []paneView
	// move moves the selection of its focused pane (or scrolls) by delta rows.
	move(c *common, delta int)
	// key handles a key the root did not take.
	key(c *common, msg tea.KeyMsg) tea.Cmd
	// mouse handles the wheel and clicks over its panes.
	mouse(c *common, msg tea.MouseMsg)
}

// filtering is a screen whose main table can be filtered by name (the / key).
type filtering interface {
	filter() string
	setFilter(string)
}

// ownsWindow is a screen whose window is its own, not the queues' (w moves it on).
type ownsWindow interface{ nextWindow() }

// showingResponses is a screen whose selection may be a response: the alerts key opens that
// response's own alert.
type showingResponses interface {
	selectedResponse() (model.Response, bool)
}

// paneView is a pane's lines and where they go.
type paneView struct {
	r     Rect
	lines []string
}

// common is what every screen reads and asks of the root: one context, handed to the top
// screen, changed only by the root (the window, the order, the layout on a resize).
type common struct {
	st          *Styles
	keys        *KeyMap
	board       *Board
	opts        *Options
	window      model.Window // of queues and the floor
	agentWindow model.Window // of agents
	sort        sortKey
	layout      Layout
	depth       int // how many screens the stack holds
	// version is the board's version the screen should show, and now its instant: the board's,
	// or, while the screen is paused, those it had then.
	version uint64
	now     time.Time

	// What a screen asks of the root.
	open  func(screen)                                                    // push a screen
	close func()                                                          // go back from the top screen
	ask   func(p prompt)                                                  // read a line of text
	act   func(kind model.ActionKind, alert, owner, note, outcome string) // do something to an alert
}

// prompt asks for a line of text in the footer, for an action on an alert.
type prompt struct {
	kind        model.ActionKind
	alert       string
	label, hint string
	refused     bool // enter was pressed on an empty note, which resolves nothing
	// A resolution asks first for its outcome (a digit of the list), then for an optional note.
	outcomes []string
	outcome  string
}

// versioned is what a screen keeps to refresh only when the board has changed.
type versioned struct{ version uint64 }

// stale says whether the board has changed since the screen last refreshed, and marks it seen.
func (v *versioned) stale(c *common, force bool) bool {
	if !force && v.version == c.version && v.version != 0 {
		return false
	}
	v.version = c.version
	return true
}

// windowOf is the window of a group's level: agents have theirs (weeks), the rest the floor's.
func (c *common) windowOf(g model.Group) model.Window {
	if g.Dim == model.ByAgent {
		return c.agentWindow
	}
	return c.window
}
