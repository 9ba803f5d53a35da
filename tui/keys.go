package tui

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every key of the dashboard. It is built by NewKeyMap, never shared as a mutable
// global, so that tests and later key configuration start from a fresh one.
type KeyMap struct {
	Move                                  key.Binding // ↑↓ as one entry of the footer
	BackOpen                              key.Binding // h and l as one entry of ?, for vim users
	Up, Down, PageUp, PageDown, Home, End key.Binding
	Enter, Back, Tab, PrevPane, Copy      key.Binding
	Window, AgentWindow, Sort, Filter     key.Binding
	Search                                key.Binding // / on the alerts: the same key, another name
	Sites                                 key.Binding // the overview's table: sites or queues
	Pause                                 key.Binding
	Alerts, AlertFilter, Coaching, Loop   key.Binding
	Why                                   key.Binding // what detractors talk about
	Ack, Assign, Resolve, Reopen          key.Binding
	Help, Quit                            key.Binding
	// The wallboard's: nothing else changes it, and q does not quit it.
	WallNext, WallPrev, WallQuit, Unlock key.Binding
}

func NewKeyMap() KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Move:        b("↑↓", "move", "up", "down"),
		Up:          b("↑/k", "up", "up", "k"),
		Down:        b("↓/j", "down", "down", "j"),
		PageUp:      b("pgup", "page up", "pgup", "ctrl+u"),
		PageDown:    b("pgdn", "page down", "pgdown", "ctrl+d"),
		Home:        b("home/g", "first", "home", "g"),
		End:         b("end/G", "last", "end", "G"),
		Enter:       b("enter", "open", "enter", "l"),
		Back:        b("esc", "back", "esc", "backspace", "h"),
		BackOpen:    b("h/l", "back/open", "h", "l"),
		Tab:         b("tab", "next pane", "tab"),
		PrevPane:    b("shift+tab", "previous pane", "shift+tab"),
		Copy:        b("y", "copy", "y"),
		Window:      b("w", "window", "w"),
		AgentWindow: b("W", "agents' window", "W"),
		Sites:       b("v", "sites/queues", "v"),
		Sort:        b("s", "sort", "s"),
		Filter:      b("/", "filter", "/"),
		Search:      b("/", "search", "/"),
		Pause:       b("space", "pause", " "),
		Alerts:      b("!", "alerts", "!"),
		AlertFilter: b("f", "filter alerts", "f"),
		Coaching:    b("c", "coaching", "c"),
		Loop:        b("L", "the loop", "L"),
		Why:         b("t", "why (themes)", "t"),
		Ack:         b("a", "ack", "a"),
		Assign:      b("o", "assign", "o"),
		Resolve:     b("r", "resolve", "r"),
		Reopen:      b("u", "reopen", "u"),
		Help:        b("?", "help", "?"),
		Quit:        b("q", "quit", "q", "ctrl+c"),
		WallNext:    b("→", "next screen", "right", "down"),
		WallPrev:    b("←", "previous screen", "left", "up"),
		WallQuit:    b("ctrl+c", "quit", "ctrl+c"),
		Unlock:      key.NewBinding(key.WithDisabled()), // set by the wallboard's options
	}
}

// FullHelp groups the keys for the help screen, six at most to a group (helpGroups names them):
// moving in a list, between screens and panes, alerts, the board.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		{k.Enter, k.Back, k.BackOpen, k.Tab, k.PrevPane, k.Coaching},
		{k.Alerts, k.AlertFilter, k.Ack, k.Assign, k.Resolve, k.Reopen},
		{k.Window, k.AgentWindow, k.Filter, k.Sort, k.Copy, k.Pause},
		{k.Sites, k.Loop, k.Why, k.Help, k.Quit},
	}
}

// helpGroups are the names of FullHelp's groups.
var helpGroups = []string{"Navigation", "Screens", "Alerts", "Board", "Application"}
