// Inlined into taskpane.html ahead of the bundle, so it is ES5 on purpose: Office 2016/2019 on
// Windows 7/8 run the pane in Internet Explorer 11, which cannot parse the bundle (ES2017) and
// would show a blank pane. Here the page says why and what to use instead.
(function (global) {
  var ok;
  try {
    // What the bundle needs from the engine: async functions, classes, arrows, Promise.
    new global.Function('return async function () { class A {} return () => new A(); };');
    ok = typeof global.Promise === 'function';
  } catch (e) {
    ok = false;
  }
  if (ok) return;
  global.__cchcOldHost = true;
  var text =
    'Office này mở ngăn tác vụ bằng trình duyệt cũ (Internet Explorer) nên add-in không chạy được. ' +
    'Hãy dùng Office 2021, Microsoft 365 hoặc Excel trên web; hoặc mở trang độc lập của add-in bằng Edge hay Chrome ' +
    '(lệnh "npm start"), hoặc dùng lệnh cchc trên máy tính.';
  var show = function () {
    var root = global.document.getElementById('root');
    if (!root) return;
    var p = global.document.createElement('p');
    p.setAttribute('role', 'alert');
    p.style.padding = '12px';
    p.style.margin = '0';
    p.appendChild(global.document.createTextNode(text));
    root.innerHTML = '';
    root.appendChild(p);
  };
  if (global.document.getElementById('root')) show();
  else global.document.addEventListener('DOMContentLoaded', show);
})(this);
