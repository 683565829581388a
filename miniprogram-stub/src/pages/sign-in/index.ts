/**
 * Sign in: WeChat sign-in first (`wx.login` → the API's code2Session exchange); then, if no flat is
 * bound yet, the code on the household's paper slip. Where WeChat sign-in is not set up (development
 * and the demo), the slip's code alone signs in through the development exchange.
 */
import { ApiError, request, saveSession, sentenceOf, session, type SignedIn } from '../../api';
import { restart } from '../../nav';
import { TEXTS } from '../../texts';

const T = TEXTS.signIn;

function wxLogin(): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.login({
      success: (result) => resolve(result.code),
      fail: () => reject(new ApiError(0, 'network', TEXTS.networkError)),
    });
  });
}

Component({
  data: { T, busy: false, error: '', note: '', step: 'wechat', code: '' },
  methods: {
    async onLoad() {
      // Signed in but no flat yet (or sent back here): straight to the slip's code.
      if (session() !== '') this.setData({ step: 'code', note: T.noFlat });
    },
    async signInWithWechat() {
      this.setData({ busy: true, error: '', note: '' });
      try {
        const code = await wxLogin();
        const signed = await request<SignedIn>('POST', '/sessions/wechat', { code });
        saveSession(signed.token);
        if (signed.flats.length > 0) restart('home');
        else this.setData({ step: 'code', note: T.noFlat });
      } catch (error) {
        // Without WeChat sign-in on this server, the slip's code is the way in.
        const unavailable = error instanceof ApiError && error.code === 'sign_in_unavailable';
        this.setData(unavailable ? { step: 'code', note: T.codeIntro } : { error: sentenceOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
    onCodeInput(event: WechatMiniprogram.Input) {
      this.setData({ code: event.detail.value });
    },
    async submitCode() {
      const code = this.data.code.trim();
      if (code === '') {
        this.setData({ error: T.codeEmpty });
        return;
      }
      this.setData({ busy: true, error: '', note: '' });
      try {
        if (session() === '') {
          const signed = await request<SignedIn>('POST', '/sessions/dev', { code });
          saveSession(signed.token);
          restart('home');
        } else {
          const bound = await request<{ pending: boolean }>('POST', '/me/flats', { code });
          if (bound.pending) this.setData({ note: T.pending });
          else restart('home');
        }
      } catch (error) {
        this.setData({ error: sentenceOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
