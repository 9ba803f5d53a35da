package relay

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/npsboard/npsboard/feed"
	"github.com/npsboard/npsboard/model"
)

// Poster posts actions to the relay whose stream a websocket source reads, with the source's
// headers (its token) and certificates, so that every dashboard hears of them; nil when the
// source is no relay's stream.
func Poster(ws *feed.WSSource) func([]model.Action) error {
	u, err := url.Parse(ws.URL)
	if err != nil || !strings.HasSuffix(u.Path, "/v1/stream") {
		return nil
	}
	client := &http.Client{Timeout: 10 * time.Second}
	if ws.TLS != nil {
		client.Transport = &http.Transport{TLSClientConfig: ws.TLS, Proxy: http.ProxyFromEnvironment}
	}
	header := ws.Header
	u.Scheme = map[string]string{"ws": "http", "wss": "https"}[u.Scheme]
	u.Path = strings.TrimSuffix(u.Path, "/v1/stream") + "/v1/actions"
	u.RawQuery = ""
	return func(acts []model.Action) error {
		var body []byte
		for i := range acts {
			body = append(feed.AppendActionJSON(body, 0, time.Time{}, &acts[i]), '\n')
		}
		req, err := http.NewRequest("POST", u.String(), bytes.NewReader(body))
		if err != nil {
			return err
		}
		for k, v := range header {
			req.Header[k] = v
		}
		req.Header.Set("Content-Type", "application/x-ndjson")
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			msg, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
			return fmt.Errorf("the relay answered %s: %s", resp.Status, strings.TrimSpace(string(msg)))
		}
		return nil
	}
}
