package kernelhelpers

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html"
	"strings"

	"github.com/gradnb/gradnb/pkg/figure"
)

// contentID returns a deterministic DOM id for the given content, salted
// with name so that the same content shown twice can get distinct ids.
func contentID(prefix, name string, content []byte) string {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write(content)
	return prefix + hex.EncodeToString(h.Sum(nil)[:8])
}

// dataURI returns the SVG as a base64 data URI with the right MIME type.
func dataURI(svg []byte) string {
	return "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svg)
}

// FigureHTML returns the HTML that shows an SVG figure: a <div> with a
// content-hash id around an <img> whose source is the SVG as a data URI.
// alt is the image's text alternative (escaped).
func FigureHTML(svg []byte, alt string) string {
	id := contentID("gradnb-fig-", alt, svg)
	return fmt.Sprintf(`<div id="%s" class="gradnb-figure"><img src="%s" alt="%s" style="max-width:100%%;height:auto"></div>`,
		id, dataURI(svg), html.EscapeString(alt))
}

// AnimationHTML returns the HTML of an animation: the flipbook SVG as an
// <img> (it animates by itself, without scripts) followed by an inline
// script that, where scripts run, replaces it with a player. name salts the
// id, for the rare notebook that shows the same animation twice.
func AnimationHTML(a *figure.Animation, name string) (string, error) {
	svg, err := a.SVG() // a nil animation is an error, not a panic
	if err != nil {
		return "", err
	}
	id := contentID("gradnb-anim-", name, svg)
	var b strings.Builder
	fmt.Fprintf(&b, `<div id="%s" class="gradnb-animation"><img src="%s" alt="%s" style="max-width:100%%;height:auto"></div>`,
		id, dataURI(svg), html.EscapeString(a.Title))
	fmt.Fprintf(&b, "\n<script>%s(%q);</script>", playerJS, id)
	return b.String(), nil
}

// animationPlain is the text/plain view of an animation or explorable.
func animationPlain(a *figure.Animation) string {
	if a.Param != "" {
		return fmt.Sprintf("explorable: %d values of %s, %s", a.Len(), a.Param, a.Title)
	}
	return fmt.Sprintf("animation: %d frames, %s", a.Len(), a.Title)
}

// playerJS is the player: an immediately invoked function that finds the
// container by id, decodes the flipbook, inlines it, stops its SMIL clock and
// drives the frames itself. Controls are built here so that views without
// scripts show no dead buttons. A flipbook with data-param (an explorable
// figure) gets a slider labelled with the parameter and the value's label,
// starts on its data-rest frame, and keeps only play and step buttons.
const playerJS = `(function(id){
var root=document.getElementById(id);if(!root||root.dataset.player)return;
var img=root.querySelector('img');if(!img)return;
var bin=atob(img.src.slice(img.src.indexOf(',')+1)),bytes=new Uint8Array(bin.length);
for(var i=0;i<bin.length;i++)bytes[i]=bin.charCodeAt(i);
var doc=new DOMParser().parseFromString(new TextDecoder().decode(bytes),'image/svg+xml');
var svg=document.importNode(doc.documentElement,true);
if(svg.nodeName.toLowerCase()!=='svg')return;
root.dataset.player='1';
svg.querySelectorAll('animate').forEach(function(a){a.parentNode.removeChild(a);});
svg.style.maxWidth='100%';svg.style.height='auto';
var frames=svg.querySelectorAll('g[data-frame]'),n=frames.length;
var param=svg.getAttribute('data-param'),rest=svg.getAttribute('data-rest');
var base=+svg.getAttribute('data-interval-ms')||100,cur=rest!==null?+rest:n-1,timer=null,dir=1,speed=1;
frames.forEach(function(f){f.setAttribute('visibility','hidden');});
img.replaceWith(svg);
function el(t,p){var e=document.createElement(t);for(var k in p)e[k]=p[k];return e;}
var bar=el('div',{style:'display:flex;gap:4px;align-items:center;flex-wrap:wrap;font:13px sans-serif;margin-top:4px'});
function btn(label,title,fn){var b=el('button',{textContent:label,title:title,type:'button'});b.onclick=fn;bar.appendChild(b);return b;}
var slider=el('input',{type:'range',min:0,max:n-1,value:cur,title:param||'frame'});
var info=el('span',{style:'min-width:5em'});
function show(k){k=Math.max(0,Math.min(n-1,k));frames[cur].setAttribute('visibility','hidden');cur=k;
frames[cur].setAttribute('visibility','visible');slider.value=cur;
info.textContent=frames[cur].getAttribute('data-label')||((cur+1)+' / '+n);}
function stop(){if(timer){clearInterval(timer);timer=null;}play.textContent='\u25B6';}
function tick(){var mode=loop?loop.value:'loop',k=cur+dir;
if(k>=n||k<0){if(mode==='once'){stop();return;}if(mode==='loop'){k=dir>0?0:n-1;}else{dir=-dir;k=cur+dir;}}show(k);}
function start(){stop();if(loop&&loop.value==='once'&&cur===n-1)show(0);timer=setInterval(tick,base/speed);play.textContent='||';}
var loop=null;
if(param){bar.appendChild(el('b',{textContent:param}));bar.appendChild(slider);bar.appendChild(info);}
else btn('|\u25C0','first frame',function(){stop();show(0);});
btn('\u25C01',param?'previous value':'previous frame',function(){stop();show(cur-1);});
var play=btn('\u25B6','play / pause',function(){timer?stop():start();});
btn('1\u25B6',param?'next value':'next frame',function(){stop();show(cur+1);});
if(!param){
btn('\u25B6|','last frame',function(){stop();show(n-1);});
bar.appendChild(slider);bar.appendChild(info);
btn('\u2212','slower',function(){speed=Math.max(0.125,speed/2);sp.textContent=speed+'\u00D7';if(timer)start();});
var sp=el('span',{textContent:'1\u00D7'});bar.appendChild(sp);
btn('+','faster',function(){speed=Math.min(8,speed*2);sp.textContent=speed+'\u00D7';if(timer)start();});
loop=el('select',{title:'at the end'});
['once','loop','reflect'].forEach(function(m){loop.appendChild(el('option',{value:m,textContent:m}));});
loop.value='loop';bar.appendChild(loop);}
slider.oninput=function(){stop();show(+slider.value);};
root.appendChild(bar);show(cur);
})`
