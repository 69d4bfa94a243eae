// etcd-load: closed-loop clients against an etcd cluster, with the load
// shape of store-load (common/runtime/bench/load_main.cpp), for the bench's
// side-by-side rows: each client puts its own keys, gets read any key,
// 64-byte values, about 100 keys in all. Output: the same JSON line as
// store-load's --json, so that store-bench-report reads both.
//
// Built by ./track bench real against Debian's golang-etcd-server-dev, with
// no module downloads:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o etcd-load etcd_load.go
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"go.etcd.io/etcd/clientv3"
)

type labels map[string]string

func (l labels) String() string { return fmt.Sprint(map[string]string(l)) }
func (l labels) Set(pair string) error {
	eq := strings.IndexByte(pair, '=')
	if eq <= 0 {
		return fmt.Errorf("--label takes KEY=VALUE, not %q", pair)
	}
	l[pair[:eq]] = pair[eq+1:]
	return nil
}

// The percentiles a CDF is drawn from (as store-load's).
var quantiles = []float64{0, 1, 2, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70,
	75, 80, 85, 90, 92, 94, 95, 96, 97, 98, 99, 99.5, 99.9, 100}

// Nearest rank, as LoadStats::percentile.
func percentile(sorted []time.Duration, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	if rank < 1 {
		rank = 1
	}
	if rank > len(sorted) {
		rank = len(sorted)
	}
	return float64(sorted[rank-1].Microseconds()) / 1000
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "etcd-load: "+format+"\n", args...)
	os.Exit(2)
}

// The endpoint whose member leads, asking each for its status; exits 1 if none answers.
func leaderOf(endpoints []string) string {
	c, err := clientv3.New(clientv3.Config{Endpoints: endpoints, DialTimeout: 5 * time.Second})
	if err != nil {
		fail("cannot connect to %v: %v", endpoints, err)
	}
	defer c.Close()
	for _, e := range endpoints {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		status, err := c.Status(ctx, e)
		cancel()
		if err == nil && status.Header.MemberId == status.Leader {
			return e
		}
	}
	fmt.Fprintln(os.Stderr, "etcd-load: no member says it leads")
	os.Exit(1)
	return ""
}

func main() {
	endpoints := flag.String("endpoints", "127.0.0.1:2379", "comma-separated client URLs or host:port")
	clients := flag.Int("clients", 1, "closed-loop clients, each with its own connection")
	duration := flag.Duration("duration", 5*time.Second, "how long to measure")
	mix := flag.String("mix", "puts", "puts, gets-linearizable or gets-serializable")
	valueSize := flag.Int("value-size", 64, "bytes per value")
	keys := flag.Int("keys", 100, "keys in all (each client owns ceil(keys/clients))")
	jsonFile := flag.String("json", "", "append the run's JSON line to this file")
	printLeader := flag.Bool("print-leader", false, "print the endpoint of the leader among --endpoints and exit")
	extra := labels{}
	flag.Var(extra, "label", "KEY=VALUE added to the JSON line (repeatable)")
	flag.Parse()
	if flag.NArg() != 0 {
		fail("unexpected argument %q", flag.Arg(0))
	}
	if *clients < 1 || *clients > 10000 || *valueSize < 1 || *keys < 1 || *duration <= 0 {
		fail("--clients must be 1..10000, --value-size, --keys and --duration positive")
	}
	if *printLeader {
		fmt.Println(leaderOf(strings.Split(*endpoints, ",")))
		return
	}
	op := "put"
	var getOptions []clientv3.OpOption
	switch *mix {
	case "puts":
	case "gets-linearizable":
		op = "get"
	case "gets-serializable":
		op = "get"
		getOptions = append(getOptions, clientv3.WithSerializable())
	default:
		fail("--mix must be puts, gets-linearizable or gets-serializable, not %q", *mix)
	}
	perClient := (*keys + *clients - 1) / *clients
	value := strings.Repeat("x", *valueSize)

	conns := make([]*clientv3.Client, *clients)
	for i := range conns {
		c, err := clientv3.New(clientv3.Config{Endpoints: strings.Split(*endpoints, ","), DialTimeout: 5 * time.Second})
		if err != nil {
			fail("cannot connect to %s: %v", *endpoints, err)
		}
		defer c.Close()
		conns[i] = c
	}
	key := func(client, k int) string { return fmt.Sprintf("k%d-%d", client, k) }
	// Every key gets a value first, by its owner, so that gets find something.
	for i := 0; i < *clients; i++ {
		for k := 0; k < perClient; k++ {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			_, err := conns[i].Put(ctx, key(i, k), value)
			cancel()
			if err != nil {
				fmt.Fprintf(os.Stderr, "etcd-load: could not write the initial values: %v\n", err)
				os.Exit(1)
			}
		}
	}

	latencies := make([][]time.Duration, *clients)
	failed := make([]int, *clients)
	start := time.Now()
	deadline := start.Add(*duration)
	var wg sync.WaitGroup
	for i := 0; i < *clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(i) + 1))
			for time.Now().Before(deadline) {
				began := time.Now()
				ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
				var err error
				if op == "put" {
					_, err = conns[i].Put(ctx, key(i, rng.Intn(perClient)), value)
				} else {
					_, err = conns[i].Get(ctx, key(rng.Intn(*clients), rng.Intn(perClient)), getOptions...)
				}
				cancel()
				if err != nil {
					failed[i]++
					continue
				}
				latencies[i] = append(latencies[i], time.Since(began))
			}
		}(i)
	}
	wg.Wait()
	seconds := time.Since(start).Seconds()

	var all []time.Duration
	failures := 0
	for i := range latencies {
		all = append(all, latencies[i]...)
		failures += failed[i]
	}
	sort.Slice(all, func(a, b int) bool { return all[a] < all[b] })
	qs := make([][2]float64, 0, len(quantiles))
	for _, q := range quantiles {
		qs = append(qs, [2]float64{q, percentile(all, q)})
	}
	throughput := float64(len(all)) / seconds
	fmt.Printf("clients=%d duration=%.1fs ok=%d failed=%d throughput=%.0f ops/s\n", *clients, seconds, len(all),
		failures, throughput)
	fmt.Printf("  %s: n=%d p50=%.3fms p99=%.3fms max=%.3fms\n", op, len(all), percentile(all, 50), percentile(all, 99),
		percentile(all, 100))

	if *jsonFile != "" {
		record := map[string]interface{}{}
		for k, v := range extra {
			record[k] = v
		}
		record["tool"] = "etcd-load"
		record["mix"] = *mix
		record["clients"] = *clients
		record["readers"] = 0
		record["duration_s"] = seconds
		record["ok"] = len(all)
		record["failed"] = failures
		record["unknown"] = 0
		record["throughput"] = throughput
		record["ops"] = map[string]interface{}{op: map[string]interface{}{
			"n": len(all), "throughput": throughput, "p50_ms": percentile(all, 50), "p99_ms": percentile(all, 99),
			"quantiles_ms": qs}}
		line, _ := json.Marshal(record)
		f, err := os.OpenFile(*jsonFile, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			_, err = f.Write(append(line, '\n'))
			f.Close()
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "etcd-load: cannot write %s: %v\n", *jsonFile, err)
			os.Exit(1)
		}
	}
}
