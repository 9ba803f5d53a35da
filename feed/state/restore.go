package state

import (
	"errors"
	"fmt"
	"time"

	"github.com/npsboard/npsboard/model"
)

// Restore opens the state journal at path and restores the alerts from it. A journal another
// dashboard holds is an error; one that cannot be opened (a read-only or full disk) is not:
// the dashboard still serves, and unsaved says, for its footer, that actions are not kept.
func Restore(path string, alerts *model.Alerts) (j *Journal, unsaved string, err error) {
	// A journal of weeks holds far more than the days of alerts a screen keeps: they are
	// forgotten as the replay goes, by the journal's own clock, so that restoring takes no
	// more memory than running does.
	var newest time.Time
	n := 0
	restore := func(ev model.AlertEvent) {
		switch {
		case ev.Raised != nil && ev.Raised.RaisedAt.After(newest):
			newest = ev.Raised.RaisedAt
		case ev.Action != nil && ev.Action.At.After(newest):
			newest = ev.Action.At
		}
		alerts.Restore(ev)
		if n++; n%10000 == 0 {
			alerts.Forget(newest)
		}
	}
	j, err = Open(path, restore)
	if err == nil && !newest.IsZero() {
		alerts.Forget(newest)
	}
	switch {
	case errors.Is(err, ErrInUse):
		return nil, "", err
	case err != nil:
		return nil, fmt.Sprintf("actions are not being saved: %v", err), nil
	}
	return j, "", nil
}
