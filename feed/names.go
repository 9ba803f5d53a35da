package feed

import (
	"strings"
	"sync"

	"github.com/npsboard/npsboard/model"
)

// maxShared is the most names a reader shares between its goroutines: far more than a floor
// has (model.MaxAgents and the rest), so that only a feed of made-up names goes past it.
const maxShared = 1 << 16

// sharedNames makes one copy of each queue, agent, team, channel, site and segment name that
// the goroutines decoding a file meet, so that the one goroutine that counts them in order
// reads names that are in its cache: a name left in the block it was read from is a cache miss
// there for every response (a tenth of a report's time on that goroutine), and a copy of its
// own per response would be an allocation.
type sharedNames struct {
	mu sync.Mutex
	m  map[string]string
}

// localNames is one decoding goroutine's view of the shared names, read without a lock.
type localNames struct {
	shared *sharedNames
	m      map[string]string
	// copyPast: past the limit a name is copied, not left in its block (a transient read,
	// whose blocks are read into again)
	copyPast bool
	// recent are shared names found lately, placed by their length and end bytes: a file's
	// queues, sites, teams and channels are a few dozen, and comparing one name is cheaper
	// than hashing it for the map.
	recent [64]string
}

func (s *sharedNames) local() *localNames {
	return &localNames{shared: s, m: make(map[string]string)}
}

// intern is the shared copy of name, or name itself past the limit.
func (l *localNames) intern(name string) string {
	if name == "" {
		return ""
	}
	slot := &l.recent[(len(name)*7+int(name[0])*3+int(name[len(name)-1]))&63]
	if *slot == name {
		return *slot
	}
	if v, ok := l.m[name]; ok {
		*slot = v
		return v
	}
	s := l.shared
	s.mu.Lock()
	v, ok := s.m[name]
	if !ok && len(s.m) < maxShared {
		v = strings.Clone(name)
		s.m[v] = v
		ok = true
	}
	s.mu.Unlock()
	if !ok {
		if l.copyPast {
			return strings.Clone(name)
		}
		return name
	}
	if len(l.m) < maxShared {
		l.m[v] = v
	}
	*slot = v
	return v
}

// own replaces the names of r by their shared copies.
func (l *localNames) own(r *model.Response) {
	r.Queue, r.Agent, r.Team = l.intern(r.Queue), l.intern(r.Agent), l.intern(r.Team)
	r.Channel, r.Site, r.Segment = l.intern(r.Channel), l.intern(r.Site), l.intern(r.Segment)
}
