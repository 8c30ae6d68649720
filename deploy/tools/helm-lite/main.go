// helm-lite renders a Helm chart's templates the way `helm template` does, for machines
// where the helm binary cannot be installed (it is not packaged in Debian) but Go and
// Debian's packaged sprig are (golang-go, golang-github-masterminds-sprig-dev,
// golang-k8s-sigs-yaml-dev). deploy/validate.sh builds and runs it only when `helm` is
// missing; wherever helm exists (CI), the real `helm lint` and `helm template` run.
//
// Same engine as Helm 3: text/template + sprig v3, values parsed with sigs.k8s.io/yaml,
// Helm's extra functions (include, tpl, required, toYaml, fromYaml, toJson, fromJson,
// lookup), user values coalesced over values.yaml, "<no value>" blanked. Not covered:
// subcharts, .Files, .Capabilities beyond a fixed Kubernetes version, schema checks.
//
// --strict makes a missing map key an error, as `helm lint --strict` does.
//
// Usage: helm-lite [-f values.yaml]... [--release NAME] [--namespace NS] [--strict] CHART_DIR
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"text/template"
	"unicode"

	"github.com/Masterminds/sprig"
	"sigs.k8s.io/yaml"
)

type valueFiles []string

func (v *valueFiles) String() string     { return strings.Join(*v, ",") }
func (v *valueFiles) Set(s string) error { *v = append(*v, s); return nil }

func main() {
	var files valueFiles
	flag.Var(&files, "f", "values file (repeatable; later files win)")
	release := flag.String("release", "bookbrew", "release name")
	namespace := flag.String("namespace", "default", "namespace")
	strict := flag.Bool("strict", false, "fail on a missing map key, like helm lint --strict")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: helm-lite [-f values.yaml]... [--release NAME] [--strict] CHART_DIR")
		os.Exit(2)
	}
	out, err := render(flag.Arg(0), files, *release, *namespace, *strict)
	if err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
	fmt.Print(out)
}

func readYAML(file string) (map[string]interface{}, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	m := map[string]interface{}{}
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return m, nil
}

// coalesce lays user values over the chart defaults like Helm: maps merge key by key,
// anything else (lists included) replaces, and a null deletes the default.
func coalesce(user, defaults map[string]interface{}) map[string]interface{} {
	out := map[string]interface{}{}
	for k, v := range defaults {
		out[k] = v
	}
	for k, v := range user {
		if v == nil {
			delete(out, k)
			continue
		}
		um, uok := v.(map[string]interface{})
		dm, dok := out[k].(map[string]interface{})
		if uok && dok {
			out[k] = coalesce(um, dm)
		} else {
			out[k] = v
		}
	}
	return out
}

func render(chartDir string, files []string, release, namespace string, strict bool) (string, error) {
	chartMeta, err := readYAML(filepath.Join(chartDir, "Chart.yaml"))
	if err != nil {
		return "", err
	}
	for _, key := range []string{"apiVersion", "name", "version"} {
		if _, ok := chartMeta[key]; !ok {
			return "", fmt.Errorf("Chart.yaml: %s is required", key)
		}
	}
	values, err := readYAML(filepath.Join(chartDir, "values.yaml"))
	if err != nil {
		return "", err
	}
	for _, f := range files {
		user, err := readYAML(f)
		if err != nil {
			return "", err
		}
		values = coalesce(user, values)
	}
	// Helm exposes Chart.yaml's keys capitalised: .Chart.Name, .Chart.AppVersion, ...
	chart := map[string]interface{}{}
	for k, v := range chartMeta {
		r := []rune(k)
		r[0] = unicode.ToUpper(r[0])
		chart[string(r)] = v
	}
	chartName := fmt.Sprint(chartMeta["name"])

	funcs := sprig.TxtFuncMap()
	delete(funcs, "env") // removed by Helm too
	delete(funcs, "expandenv")
	var tmpl *template.Template
	includeDepth := 0
	funcs["include"] = func(name string, data interface{}) (string, error) {
		includeDepth++
		defer func() { includeDepth-- }()
		if includeDepth > 1000 {
			return "", fmt.Errorf("include %q: recursion too deep", name)
		}
		var buf bytes.Buffer
		err := tmpl.ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
	funcs["tpl"] = func(text string, data interface{}) (string, error) {
		t, err := tmpl.Clone()
		if err != nil {
			return "", err
		}
		t, err = t.New("tpl").Parse(text)
		if err != nil {
			return "", err
		}
		var buf bytes.Buffer
		err = t.Execute(&buf, data)
		return strings.ReplaceAll(buf.String(), "<no value>", ""), err
	}
	funcs["required"] = func(msg string, v interface{}) (interface{}, error) {
		if v == nil {
			return nil, errors.New(msg)
		}
		if s, ok := v.(string); ok && s == "" {
			return nil, errors.New(msg)
		}
		return v, nil
	}
	funcs["toYaml"] = func(v interface{}) string {
		data, err := yaml.Marshal(v)
		if err != nil {
			return ""
		}
		return strings.TrimSuffix(string(data), "\n")
	}
	funcs["fromYaml"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := yaml.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	funcs["toJson"] = func(v interface{}) string {
		data, err := json.Marshal(v)
		if err != nil {
			return ""
		}
		return string(data)
	}
	funcs["fromJson"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	funcs["lookup"] = func(...interface{}) (map[string]interface{}, error) {
		return map[string]interface{}{}, nil // as under `helm template`: no cluster
	}

	// All templates share one namespace, named <chart>/templates/<file>, as in Helm.
	missingKey := "missingkey=zero"
	if strict {
		missingKey = "missingkey=error"
	}
	tmpl = template.New(chartName).Funcs(funcs).Option(missingKey)
	templatesDir := filepath.Join(chartDir, "templates")
	var names []string
	err = filepath.Walk(templatesDir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(templatesDir, p)
		name := path.Join(chartName, "templates", filepath.ToSlash(rel))
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if _, err := tmpl.New(name).Parse(string(src)); err != nil {
			return err
		}
		names = append(names, name)
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(names)

	var out strings.Builder
	for _, name := range names {
		base := path.Base(name)
		if strings.HasPrefix(base, "_") {
			continue // partials: definitions only
		}
		data := map[string]interface{}{
			"Values":  values,
			"Chart":   chart,
			"Release": map[string]interface{}{"Name": release, "Namespace": namespace, "Service": "Helm", "IsInstall": true, "IsUpgrade": false, "Revision": 1},
			"Capabilities": map[string]interface{}{
				"KubeVersion": map[string]interface{}{"Version": "v1.30.0", "Major": "1", "Minor": "30", "GitVersion": "v1.30.0"},
			},
			"Template": map[string]interface{}{"Name": name, "BasePath": path.Join(chartName, "templates")},
			"Files":    map[string]interface{}{},
		}
		var buf bytes.Buffer
		if err := tmpl.ExecuteTemplate(&buf, name, data); err != nil {
			return "", err
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "")
		if base == "NOTES.txt" || strings.TrimSpace(text) == "" {
			continue // rendered to catch errors, but not a manifest
		}
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", name, text)
	}
	return out.String(), nil
}
