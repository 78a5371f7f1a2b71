/* Draws the report's charts from the JSON data element and makes the domain table sortable.
 * The values that matter are printed on the charts (labels that would overlap are left out),
 * not only shown on hover.
 * Data only ever reaches the page as text (ECharts draws labels as SVG text; the tooltip
 * formatter below escapes), never as markup. When everything is drawn, the root element gets
 * data-charts-rendered=<number of charts>; a script error sets data-script-error instead. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var charts = [];
  var share = { type: 'value', name: 'with consent', min: 0, max: 100, axisLabel: { formatter: '{value} %' } };
  var counts = function (name) { return { type: 'value', name: name, minInterval: 1 }; };

  function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function tooltip(params) {
    var lines = [escapeHtml(params[0].axisValue)];
    params.forEach(function (p) {
      var value = p.value === null || p.value === undefined ? '–' : p.value;
      var unit = p.seriesType === 'bar' && p.seriesName.indexOf('late') < 0 && p.seriesName.indexOf('rejected') < 0
        && p.seriesName !== 'duplicates' ? '' : ' %'; // the line, the dots and the quality bars are shares
      lines.push(escapeHtml(p.seriesName) + ': ' + escapeHtml(value) + unit);
    });
    return lines.join('<br>');
  }

  var countLabel = { show: true, position: 'top', fontSize: 10 };
  var shareLabel = { show: true, position: 'top', color: '#9b2c2c', textBorderWidth: 0,
    backgroundColor: '#ffffff', padding: [1, 3], fontSize: 11, formatter: function (p) {
    return p.value === null || p.value === undefined ? '' : p.value + ' %';
  } };

  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element) {
      return; // an empty state stands in its place
    }
    var chart = echarts.init(element, null, { renderer: 'svg' });
    option.animation = false;
    option.grid = { left: 64, right: 64, top: 40, bottom: 56 };
    option.series.forEach(function (s) { s.barMaxWidth = 48; s.labelLayout = { hideOverlap: true }; });
    chart.setOption(option);
    charts.push(chart);
  }

  var hours = data.hours;
  draw('chart-pageviews', {
    legend: {},
    tooltip: { trigger: 'axis', formatter: tooltip },
    xAxis: { type: 'category', data: hours.datehour },
    yAxis: [counts('pageviews'), share],
    series: [
      { name: 'pageviews', type: 'bar', data: hours.pageviews, itemStyle: { color: '#5470c6' },
        label: { show: true, position: 'insideTop', fontSize: 10, color: '#fff' } },
      { name: 'share with consent', type: 'line', yAxisIndex: 1, data: hours.consentShare,
        showSymbol: true, connectNulls: false, itemStyle: { color: '#ee6666' }, label: shareLabel }
    ]
  });
  draw('chart-consents', {
    legend: {},
    tooltip: { trigger: 'axis', formatter: tooltip },
    xAxis: { type: 'category', data: hours.datehour },
    yAxis: counts('events'),
    series: [
      { name: 'consents asked', type: 'bar', data: hours.consentsAsked, itemStyle: { color: '#91cc75' }, label: countLabel },
      { name: 'consents given', type: 'bar', data: hours.consentsGiven, itemStyle: { color: '#fac858' }, label: countLabel },
      { name: 'given with consent', type: 'bar', data: hours.consentsGivenWithConsent, itemStyle: { color: '#73c0de' },
        label: countLabel }
    ]
  });
  var countries = data.countries;
  draw('chart-countries', {
    legend: {},
    tooltip: { trigger: 'axis', formatter: tooltip },
    xAxis: { type: 'category', data: countries.name, axisLabel: { interval: 0, rotate: countries.name.length > 8 ? 30 : 0 } },
    yAxis: [counts('pageviews'), share],
    series: [
      { name: 'pageviews', type: 'bar', data: countries.pageviews, itemStyle: { color: '#5470c6' },
        label: { show: true, position: 'insideTop', fontSize: 10, color: '#fff' } },
      { name: 'share with consent', type: 'scatter', yAxisIndex: 1, data: countries.consentShare,
        symbolSize: 10, itemStyle: { color: '#ee6666' }, label: shareLabel }
    ]
  });
  var quality = data.quality;
  draw('chart-quality', {
    legend: {},
    tooltip: { trigger: 'axis', formatter: tooltip },
    xAxis: { type: 'category', data: quality.datehour },
    yAxis: { type: 'value', name: 'share', min: 0, axisLabel: { formatter: '{value} %' } },
    series: [
      { name: 'rejected lines', type: 'bar', data: quality.rejectedShare, itemStyle: { color: '#ee6666' }, label: shareLabel },
      { name: 'duplicates', type: 'bar', data: quality.duplicatesShare, itemStyle: { color: '#fac858' }, label: shareLabel },
      { name: 'late events', type: 'bar', data: quality.lateShare, itemStyle: { color: '#9a60b4' }, label: shareLabel }
    ]
  });

  window.addEventListener('resize', function () {
    charts.forEach(function (chart) { chart.resize(); });
  });

  function sortable(table) {
    var headings = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headings, function (th, column) {
      th.addEventListener('click', function () {
        var descending = th.getAttribute('aria-sort') !== 'descending';
        var numeric = th.getAttribute('data-type') === 'number';
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].getAttribute('data-sort');
          var y = b.cells[column].getAttribute('data-sort');
          var order;
          if (numeric) { // missing values last in both directions
            if (x === '' || y === '') { return (x === '') - (y === ''); }
            order = Number(x) - Number(y);
          } else {
            order = x.localeCompare(y);
          }
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        Array.prototype.forEach.call(headings, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), sortable);

  document.documentElement.setAttribute('data-charts-rendered', String(charts.length));
})();
