// The HTML report's inline style and script. The script only switches the target, sorts and filters
// tables: the report reads the same with scripts off (every target's section is in the page).
export const HTML_STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:1200px;padding:16px;color:#1b1b1b}
h1{margin:0 0 4px}h2{margin:24px 0 8px;border-bottom:1px solid #ddd}h3{margin:16px 0 6px}
.note{color:#555;font-size:12px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:12px}
.card{border:1px solid #ccc;border-radius:6px;padding:10px 12px}.card h3{margin:0 0 6px;font-size:15px}.card .big{font-size:22px;font-weight:600}
.chart{max-width:100%;height:auto;font-size:12px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:12px}
.selector{position:sticky;top:0;background:#fff;padding:8px 0;border-bottom:1px solid #ddd;margin-top:16px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #eee;padding:3px 6px;text-align:left;vertical-align:top}
th{cursor:pointer;background:#f5f5f5;user-select:none}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
.num{text-align:right}td ul{margin:0;padding-left:16px}.filter{margin:4px 0}
.st{padding:0 4px;border-radius:3px;color:#fff;font-size:12px}.st-native{background:#2e7d32}.st-rename{background:#558b2f}.st-adapt{background:#a07800}
.st-unknown{background:#757575}.st-rewrite{background:#ef6c00}.st-unsupported{background:#c62828}
code{font-size:12px;overflow-wrap:anywhere}
@media print{.selector,.filter{display:none}section.target[hidden]{display:block}section.target{break-before:page}body{max-width:none}a{color:inherit;text-decoration:none}}
`;

export const HTML_SCRIPT = `
(function(){
var select=document.getElementById('target-select');
function show(t){document.querySelectorAll('section.target').forEach(function(s){s.hidden=s.getAttribute('data-target')!==t;});}
select.addEventListener('change',function(){show(select.value);});
document.querySelectorAll('table.sortable').forEach(function(table){
  table.querySelectorAll('th').forEach(function(th,col){
    th.addEventListener('click',function(){
      var asc=th.getAttribute('aria-sort')!=='ascending';
      table.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort');});
      th.setAttribute('aria-sort',asc?'ascending':'descending');
      var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
      function key(r){var c=r.cells[col];var v=c.getAttribute('data-v');return v===null?c.textContent:Number(v);}
      rows.sort(function(a,b){var x=key(a),y=key(b);var d=typeof x==='number'?x-y:String(x).localeCompare(String(y));return asc?d:-d;});
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
});
document.querySelectorAll('input.filter').forEach(function(input){
  input.addEventListener('input',function(){
    var q=input.value.toLowerCase();var table=document.getElementById(input.getAttribute('data-filter'));
    Array.prototype.forEach.call(table.tBodies[0].rows,function(r){r.hidden=q!==''&&r.textContent.toLowerCase().indexOf(q)<0;});
  });
});
})();
`;
